import { StreamRecordError } from '../errors/errors.js';
import type { ChangeOf, SkippedRecord, StreamChange, StreamChanges } from './change-record.js';
import { type EntitiesOf, registryOf, type StreamEntities, type StreamEntityOptions } from './entity-registry.js';
import { changesOfRecord, isSkipped } from './hydrate-record.js';
import type { DynamoDBStreamEvent } from './lambda-event.js';

/** Options of changesOf(): the table name, and what to do with records of tables or types not given. */
export interface ChangesOfOptions extends StreamEntityOptions {
  /**
   * Records of a table or an entity type not given: 'skip' (default) leaves them out and lists them in
   * `skipped`; 'refuse' throws StreamRecordError at the first.
   */
  onUnknown?: 'skip' | 'refuse';
}

/**
 * The records of a Lambda DynamoDB stream event as typed changes of the given classes, in order: items
 * hydrated as a read hydrates them (discriminator, key prefixes stripped, dates, sets, nested classes),
 * images the view type lacks `undefined`. A MODIFY whose item changed class (its old and new images name
 * different classes) is a REMOVE of the old class and an INSERT of the new one, each of a class given. Records of
 * other tables or types are skipped and listed in `skipped` (or refused). A malformed record, or an image that
 * does not map, throws StreamRecordError.
 */
export function changesOf<const S extends StreamEntities>(
  event: DynamoDBStreamEvent,
  entities: S,
  options: ChangesOfOptions = {},
): StreamChanges<ChangeOf<EntitiesOf<S>>> {
  const registry = registryOf(entities, options);
  const records = event?.Records;
  if (!Array.isArray(records)) throw new StreamRecordError('the event has no Records array', 'malformed', undefined);
  const changes: StreamChange[] = [];
  const skipped: SkippedRecord[] = [];
  for (const record of records) {
    const of = changesOfRecord(registry, record);
    if (!isSkipped(of)) {
      changes.push(...of);
      continue;
    }
    if (options.onUnknown === 'refuse') throw unknownRecord(of);
    skipped.push({ sequenceNumber: of.sequenceNumber, problem: of.problem, table: of.table });
  }
  return Object.assign(changes, { skipped }) as unknown as StreamChanges<ChangeOf<EntitiesOf<S>>>;
}

/** The refusal of a record whose table or type is not registered. */
export function unknownRecord(skipped: SkippedRecord): StreamRecordError {
  const what =
    skipped.problem === 'unknown-table'
      ? 'its table is not the table of any entity class given'
      : 'its item is of no entity class given (no discriminator or key format matches)';
  return new StreamRecordError(
    `stream record ${skipped.sequenceNumber}${skipped.table ? ` of table ${skipped.table}` : ''}: ${what}`,
    skipped.problem,
    skipped.sequenceNumber,
    { table: skipped.table },
  );
}
