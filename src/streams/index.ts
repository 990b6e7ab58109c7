/**
 * `fluent-dynamo/streams`: DynamoDB stream records as typed changes of your entities, and Lambda
 * handlers answering with partial batch responses, per tenant where the table is tenant-keyed.
 *
 * @module fluent-dynamo/streams
 */
export { StreamRecordError, type StreamRecordProblem } from '../errors/errors.js';
export {
  type ChangeOf,
  isChangeOf,
  type SkippedRecord,
  type StreamChange,
  type StreamChanges,
} from './change-record.js';
export { type ChangesOfOptions, changesOf } from './changes-of.js';
export type { EntitiesOf, StreamEntities, StreamEntityOptions } from './entity-registry.js';
export type {
  DynamoDBRecord,
  DynamoDBStreamEvent,
  DynamoDBStreamRecord,
  StreamAttributeValue,
  StreamBatchResponse,
  StreamEventName,
  StreamImage,
  StreamViewType,
} from './lambda-event.js';
export {
  type StreamHandler,
  type StreamHandlerContext,
  type StreamHandlerOptions,
  streamBatchHandler,
  streamHandler,
} from './stream-handler.js';
export type { StreamTenantOptions, TenantRunner } from './tenant-context.js';
