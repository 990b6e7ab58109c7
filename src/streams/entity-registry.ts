import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import { assertSameKeys } from '../metadata/shared-table.js';
import type { EntityClass } from '../metadata/types.js';
import type { SingleTable } from '../repository/single-table.js';
import { type PropertyNames, propertyNamesOf } from './changed-attributes.js';
import type { StreamAttributeValue, StreamImage } from './lambda-event.js';

/** What `changesOf` and the handlers accept: entity classes, or a SingleTable (its classes and table). */
export type StreamEntities = readonly EntityClass[] | EntityClass | SingleTable<readonly EntityClass[]>;

/** The classes of `StreamEntities`, for typing the changes. */
export type EntitiesOf<S> =
  S extends SingleTable<infer E> ? E[number] : S extends readonly (infer C)[] ? C : S extends EntityClass ? S : never;

/** Options shared by changesOf() and the stream handlers: the table of the given classes. */
export interface StreamEntityOptions {
  /** The table of every given class, instead of its `@Table` name (as Repository's `tableName`). */
  tableName?: string;
}

/** One registered class, with what reading its records needs, computed once. */
export interface StreamEntity {
  readonly metadata: EntityMetadata;
  readonly names: PropertyNames;
}

/** The classes stored in one table. */
interface TableEntities {
  readonly entities: readonly StreamEntity[];
  /** discriminator attribute -> value -> class. */
  readonly byDiscriminator: ReadonlyMap<string, ReadonlyMap<string, StreamEntity>>;
}

export type Resolution =
  | { readonly kind: 'entity'; readonly entity: StreamEntity; readonly table: string }
  | { readonly kind: 'unknown-table' | 'unknown-type'; readonly table: string | undefined }
  /** Told apart by keys only, and the key format of several classes fits: a change of one of them, which is unknown. */
  | { readonly kind: 'ambiguous'; readonly entities: readonly StreamEntity[]; readonly table: string | undefined };

/** Which class a stream record's item is of, by table, discriminator and key format. */
export class EntityRegistry {
  readonly #tables = new Map<string, TableEntities>();
  /** Records without an event source ARN are matched against every class, whatever its table. */
  readonly #all: TableEntities;
  readonly #onlyTable: string | undefined;

  constructor(entities: StreamEntities, options: StreamEntityOptions = {}) {
    const single = isSingleTable(entities);
    const classes: readonly EntityClass[] = single
      ? entities.entities
      : Array.isArray(entities)
        ? entities
        : [entities as EntityClass];
    if (classes.length === 0) throw new MetadataError('changesOf needs at least one entity class');
    const byTable = new Map<string, EntityMetadata[]>();
    for (const ctor of classes) {
      const metadata = entityMetadata(ctor);
      const table = (single ? entities.tableName : undefined) ?? options.tableName ?? metadata.table;
      if (!table)
        throw new MetadataError(
          `${metadata.name} has no @Table(name) and no tableName option was given`,
          metadata.name,
        );
      byTable.set(table, [...(byTable.get(table) ?? []), metadata]);
    }
    const every: StreamEntity[] = [];
    for (const [table, metas] of byTable) {
      assertSameKeys(metas, table);
      const list = metas.map((metadata) => ({ metadata, names: propertyNamesOf(metadata) }));
      every.push(...list);
      this.#tables.set(table, tableEntities(list));
    }
    this.#all = tableEntities(every);
    this.#onlyTable = byTable.size === 1 ? [...byTable.keys()][0] : undefined;
  }

  /**
   * The class of the item of a record of `table` (undefined: no ARN): by the discriminator of `image`, or by
   * the key format of `keys` when the record carries no image (KEYS_ONLY, a REMOVE of a NEW_IMAGE stream).
   */
  resolve(table: string | undefined, image: StreamImage | undefined, keys: StreamImage): Resolution {
    const entities = table === undefined ? this.#all : this.#tables.get(table);
    if (!entities) return { kind: 'unknown-table', table };
    const named = table ?? this.#onlyTable;
    let marked = false;
    for (const [attribute, values] of entities.byDiscriminator) {
      const mark = image?.[attribute]?.S;
      if (mark === undefined) continue;
      marked = true;
      const entity = values.get(mark);
      if (entity) return { kind: 'entity', entity, table: named ?? (entity.metadata.table as string) };
    }
    // Marked as a type no class claims: not ours, whatever its keys look like.
    if (marked) return { kind: 'unknown-type', table: named };
    // No mark. Keys only: any class whose key format fits. An image without a mark is no item a class with a
    // discriminator wrote (every write of such a class carries it): legacy data, another tool's item. Only
    // classes declared without one (`discriminator: false`) can claim it, by key format. When several fit,
    // the record is one of ours but of which class cannot be told: neither skipped nor guessed.
    const candidates = image ? entities.entities.filter((entity) => !entity.metadata.discriminator) : entities.entities;
    const fitting = candidates.filter((entity) => keysMatch(entity.metadata, keys));
    const [found] = fitting;
    if (fitting.length > 1) return { kind: 'ambiguous', entities: fitting, table: named };
    return found
      ? { kind: 'entity', entity: found, table: named ?? (found.metadata.table as string) }
      : { kind: 'unknown-type', table: named };
  }
}

function keysMatch(metadata: EntityMetadata, keys: StreamImage): boolean {
  const pk = keys[metadata.partitionKey.attribute] as StreamAttributeValue | undefined;
  if (!pk || !metadata.partitionKey.matches(pk as never)) return false;
  if (!metadata.sortKey) return true;
  const sk = keys[metadata.sortKey.attribute] as StreamAttributeValue | undefined;
  return sk !== undefined && metadata.sortKey.matches(sk as never);
}

function tableEntities(entities: readonly StreamEntity[]): TableEntities {
  const byDiscriminator = new Map<string, Map<string, StreamEntity>>();
  for (const entity of entities) {
    const d = entity.metadata.discriminator;
    if (!d) continue;
    const values = byDiscriminator.get(d.name) ?? new Map<string, StreamEntity>();
    values.set(d.value, entity);
    byDiscriminator.set(d.name, values);
  }
  return { entities, byDiscriminator };
}

function isSingleTable(value: StreamEntities): value is SingleTable<readonly EntityClass[]> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'tableName' in value;
}

/** Registries of the class lists `changesOf` is called with, so a handler's every call does not compile them. */
const cache = new WeakMap<
  object,
  { classes: readonly EntityClass[]; tableName?: string; registry: EntityRegistry }[]
>();

export function registryOf(entities: StreamEntities, options: StreamEntityOptions = {}): EntityRegistry {
  const list = Array.isArray(entities) ? (entities as readonly EntityClass[]) : undefined;
  const anchor = (list ? list[0] : entities) as object | undefined;
  if (anchor === undefined) return new EntityRegistry(entities, options);
  const known = cache.get(anchor) ?? [];
  const hit = known.find(
    (k) =>
      k.tableName === options.tableName &&
      (list ? k.classes.length === list.length && k.classes.every((c, i) => c === list[i]) : k.classes.length === 0),
  );
  if (hit) return hit.registry;
  const registry = new EntityRegistry(entities, options);
  // Bounded: lists built anew on every call would otherwise pile up here.
  if (known.length >= 8) known.shift();
  known.push({ classes: list ?? [], tableName: options.tableName, registry });
  cache.set(anchor, known);
  return registry;
}
