import type { EntityClass } from '../metadata/types.js';
import type { DynamoDBRecord, StreamEventName } from './lambda-event.js';

/** One stream record as a change of an entity of class `C`. */
export interface StreamChange<T extends object = object, C extends EntityClass<T> = EntityClass<T>> {
  /**
   * What happened to the item: created (INSERT), changed (MODIFY) or removed (REMOVE), as an item of this class.
   * An item replaced at its key by one of another class is a REMOVE of the old class and an INSERT of the new
   * one, though `record.eventName` is MODIFY.
   */
  readonly eventName: StreamEventName;
  /** The entity class the record's item belongs to. */
  readonly entity: C;
  /** The table the record came from (from its event source ARN, else the entity's table). */
  readonly table: string;
  /** The key properties of the item (`{ userId: 'u1' }`), prefixes stripped. */
  readonly keys: Partial<T>;
  /** The item before the change; undefined for an INSERT and when the view type carries no old image. */
  readonly oldItem: T | undefined;
  /** The item after the change; undefined for a REMOVE and when the view type carries no new image. */
  readonly newItem: T | undefined;
  /**
   * The properties whose stored attribute differs between the old and the new image (undeclared
   * attributes by their stored name): every attribute of the image for an INSERT or REMOVE, and
   * undefined when the view type does not carry the images needed to tell.
   */
  readonly changed: readonly string[] | undefined;
  /**
   * Whether this is a REMOVE DynamoDB made because the item's time to live passed (the record's userIdentity
   * is the DynamoDB service), not a delete somebody made.
   */
  readonly byTimeToLive: boolean;
  /** The record's stream sequence number: the `itemIdentifier` of a failure in a partial batch response. */
  readonly sequenceNumber: string;
  /** When the change was made, to the second (DynamoDB's approximate creation time). */
  readonly approximateCreationTime: Date | undefined;
  /** The record as it arrived. */
  readonly record: DynamoDBRecord;
}

/** The change type of each class of `E`: a union, one member per class. */
export type ChangeOf<E> = E extends EntityClass<infer T extends object> ? StreamChange<T, E> : never;

/** A record that is not a change of any registered entity, left out by `changesOf`. */
export interface SkippedRecord {
  /** The record's stream sequence number, when it has one. */
  readonly sequenceNumber: string | undefined;
  /** Its table is not among the given ones, or no given class claims its item. */
  readonly problem: 'unknown-table' | 'unknown-type';
  /** The record's table, when its event source ARN names one. */
  readonly table: string | undefined;
}

/**
 * The changes of an event, in order (two of one record whose item changed class, sharing its sequence number),
 * and the records left out (`skipped`).
 */
export type StreamChanges<C> = readonly C[] & {
  /** The records that are no change of a given entity, in order. */
  readonly skipped: readonly SkippedRecord[];
};

/** Whether `change` is a change of `entity` (narrows its items to the class's instances). */
export function isChangeOf<T extends object>(
  change: StreamChange,
  entity: EntityClass<T>,
): change is StreamChange<T, EntityClass<T>> {
  return change.entity === entity;
}
