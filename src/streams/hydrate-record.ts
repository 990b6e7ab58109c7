import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError, StreamRecordError, type StreamRecordProblem } from '../errors/errors.js';
import { itemToEntity } from '../mapping/entity-mapper.js';
import type { CompiledKey } from '../metadata/key-format.js';
import type { SkippedRecord, StreamChange } from './change-record.js';
import { changedProperties } from './changed-attributes.js';
import type { EntityRegistry, Resolution, StreamEntity } from './entity-registry.js';
import {
  type DynamoDBRecord,
  type StreamEventName,
  type StreamImage,
  type StreamViewType,
  tableOfStreamArn,
} from './lambda-event.js';
import { sdkImage } from './sdk-image.js';

const EVENT_NAMES = new Set(['INSERT', 'MODIFY', 'REMOVE']);

/** Which images a view type carries. */
const CARRIES: Record<StreamViewType, { readonly old: boolean; readonly new: boolean }> = {
  KEYS_ONLY: { old: false, new: false },
  NEW_IMAGE: { old: false, new: true },
  OLD_IMAGE: { old: true, new: false },
  NEW_AND_OLD_IMAGES: { old: true, new: true },
};

function refuse(
  problem: StreamRecordProblem,
  what: string,
  sequenceNumber: string | undefined,
  details: { table?: string; entity?: string; property?: string } = {},
): never {
  const where = [
    sequenceNumber === undefined ? 'a stream record without a sequence number' : `stream record ${sequenceNumber}`,
    details.table === undefined ? '' : ` of table ${details.table}`,
  ].join('');
  throw new StreamRecordError(`${where}: ${what}`, problem, sequenceNumber, details);
}

/** An image mapped onto its class; a failure names the class and property, never the values. */
function hydrate<T>(entity: StreamEntity, image: StreamImage, which: string, sequenceNumber: string, table: string): T {
  try {
    return itemToEntity<T>(entity.metadata, sdkImage(image));
  } catch (error) {
    const property = error instanceof MappingError ? error.property : undefined;
    const kind = (error as { name?: unknown } | null)?.name;
    refuse(
      'hydration',
      `its ${which} image does not map onto ${entity.metadata.name}${property ? ` (property ${property})` : ''}: ${typeof kind === 'string' ? kind : 'an error'} (values left out)`,
      sequenceNumber,
      { table, entity: entity.metadata.name, property },
    );
  }
}

type Skipped = SkippedRecord & { readonly kind: 'skipped' };

/**
 * One record as typed changes (one, or two when its item changed class), or as a skipped record when its table
 * or type is not registered. StreamRecordError for a record that is malformed, lacks an image its view type
 * promises, or does not map.
 */
export function changesOfRecord(registry: EntityRegistry, record: DynamoDBRecord): readonly StreamChange[] | Skipped {
  const stream = record?.dynamodb;
  const sequenceNumber = stream?.SequenceNumber;
  if (typeof sequenceNumber !== 'string' || sequenceNumber.length === 0)
    refuse('malformed', 'it has no dynamodb.SequenceNumber', undefined);
  const table = tableOfStreamArn(record.eventSourceARN);
  const eventName = record.eventName;
  if (eventName === undefined || !EVENT_NAMES.has(eventName))
    refuse('malformed', 'its eventName is not INSERT, MODIFY or REMOVE', sequenceNumber, { table });
  const keys = stream?.Keys;
  if (typeof keys !== 'object' || keys === null)
    refuse('malformed', 'it has no dynamodb.Keys', sequenceNumber, { table });

  const oldImage = eventName === 'INSERT' ? undefined : stream?.OldImage;
  const newImage = eventName === 'REMOVE' ? undefined : stream?.NewImage;
  const carries = stream?.StreamViewType === undefined ? undefined : CARRIES[stream.StreamViewType];
  if (stream?.StreamViewType !== undefined && !carries)
    refuse('malformed', 'its StreamViewType is not one DynamoDB has', sequenceNumber, { table });
  if (carries?.new && eventName !== 'REMOVE' && !newImage)
    refuse(
      'missing-image',
      `its view type ${stream?.StreamViewType} promises a NewImage, which is missing`,
      sequenceNumber,
      { table },
    );
  if (carries?.old && eventName !== 'INSERT' && !oldImage)
    refuse(
      'missing-image',
      `its view type ${stream?.StreamViewType} promises an OldImage, which is missing`,
      sequenceNumber,
      { table },
    );

  const read = { record, sequenceNumber, keys };
  const resolved = classOf(registry, table, newImage ?? oldImage, keys, sequenceNumber);
  if (eventName === 'MODIFY' && oldImage && newImage) {
    // Each image is told apart by its own discriminator: an item replaced at its key by one of another class
    // (a Draft put over by a Published) is no MODIFY of either class. Typing the old image as the new class
    // (or the reverse) would hand a class an item that is not its own and keep the old class from ever
    // learning that its item went away.
    const before = classOf(registry, table, oldImage, keys, sequenceNumber);
    const after = resolved;
    const same = before.kind === 'entity' && after.kind === 'entity' && before.entity === after.entity;
    if (!same) {
      const changes = [
        // For the old class, its item went away; for the new one, an item of its own appeared.
        ...(before.kind === 'entity' ? [changeAs(before, 'REMOVE', oldImage, undefined, read)] : []),
        ...(after.kind === 'entity' ? [changeAs(after, 'INSERT', undefined, newImage, read)] : []),
      ];
      if (changes.length > 0) return changes;
    }
  }
  if (resolved.kind !== 'entity')
    return { kind: 'skipped', sequenceNumber, problem: resolved.kind, table: resolved.table };
  return [changeAs(resolved, eventName, oldImage, newImage, read)];
}

/** The class of an image (or of the keys, without one); StreamRecordError when several classes fit the keys. */
function classOf(
  registry: EntityRegistry,
  table: string | undefined,
  image: StreamImage | undefined,
  keys: StreamImage,
  sequenceNumber: string,
): Exclude<Resolution, { kind: 'ambiguous' }> {
  const resolved = registry.resolve(table, image, keys);
  if (resolved.kind === 'ambiguous')
    refuse(
      'ambiguous',
      `it carries no discriminator and its keys fit the key format of ${resolved.entities.map((e) => e.metadata.name).join(' and ')}: which one's change it is cannot be told (give the classes key formats of their own, or discriminators and a view type with images)`,
      sequenceNumber,
      { table: resolved.table },
    );
  return resolved;
}

/** The record as a change of `resolved`'s class, with the images given (those of that class only). */
function changeAs(
  resolved: Extract<Resolution, { kind: 'entity' }>,
  eventName: StreamEventName,
  oldImage: StreamImage | undefined,
  newImage: StreamImage | undefined,
  { record, sequenceNumber, keys }: { record: DynamoDBRecord; sequenceNumber: string; keys: StreamImage },
): StreamChange {
  const { entity } = resolved;
  const name = resolved.table;
  const keyObject: Record<string, unknown> = {};
  const sdkKeys = sdkImage(keys);
  for (const key of [entity.metadata.partitionKey, entity.metadata.sortKey]) {
    const stored = key && sdkKeys[key.attribute];
    if (!key) continue;
    if (!stored)
      refuse('malformed', `its Keys lack ${key.attribute}`, sequenceNumber, {
        table: name,
        entity: entity.metadata.name,
      });
    // A template's toObject leaves out the parts of a key it cannot read: a key of another format is refused.
    if (!key.matches(stored) || !readKey(key, stored, keyObject))
      refuse('hydration', `its key ${key.attribute} is not in the format of ${entity.metadata.name}`, sequenceNumber, {
        table: name,
        entity: entity.metadata.name,
        property: key.properties.join('+'),
      });
  }
  const time = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventName,
    entity: entity.metadata.ctor,
    table: name,
    keys: keyObject,
    oldItem: oldImage ? hydrate(entity, oldImage, 'old', sequenceNumber, name) : undefined,
    newItem: newImage ? hydrate(entity, newImage, 'new', sequenceNumber, name) : undefined,
    changed:
      eventName === 'MODIFY' && (!oldImage || !newImage)
        ? undefined
        : changedProperties(entity.names, oldImage, newImage),
    byTimeToLive: record.eventName === 'REMOVE' && isTimeToLiveIdentity(record.userIdentity),
    sequenceNumber,
    approximateCreationTime: typeof time === 'number' ? new Date(time * 1000) : undefined,
    record,
  };
}

/** The userIdentity DynamoDB puts on the REMOVE records of items its TTL deleted. */
function isTimeToLiveIdentity(identity: DynamoDBRecord['userIdentity']): boolean {
  return identity?.type === 'Service' && identity.principalId === 'dynamodb.amazonaws.com';
}

/** Reads the key's properties into `target`; false when its value does not convert. */
function readKey(key: CompiledKey, stored: AttributeValue, target: Record<string, unknown>): boolean {
  try {
    key.toObject(stored, target);
    return true;
  } catch {
    return false;
  }
}

export function isSkipped(value: readonly StreamChange[] | Skipped): value is Skipped {
  return !Array.isArray(value);
}
