import { MetadataError } from '../errors/errors.js';
import type { CompiledIndex, CompiledIndexKey, EntityMetadata } from './compiled-types.js';

/**
 * Entities sharing one table (single-table design) must agree on its key attributes, on its indexes, and on
 * which global index keys are tenants' (see assertSameIndexTenancy).
 */
export function assertSameKeys(metas: readonly EntityMetadata[], tableName: string): void {
  const [first, ...rest] = metas;
  if (!first) return;
  for (const m of rest) {
    if (
      m.partitionKey.attribute !== first.partitionKey.attribute ||
      m.sortKey?.attribute !== first.sortKey?.attribute
    ) {
      throw new MetadataError(`${m.name} and ${first.name} share table ${tableName} but have different keys`, m.name);
    }
  }
  assertSameIndexes(metas, tableName);
  assertSameIndexTenancy(metas, tableName);
}

/** An index of the table is one index: entities that declare it name the same kind and key attributes. */
function assertSameIndexes(metas: readonly EntityMetadata[], tableName: string): void {
  const seen = new Map<string, { readonly entity: string; readonly index: CompiledIndex }>();
  for (const m of metas) {
    for (const index of m.indexes.values()) {
      const known = seen.get(index.name);
      if (!known) {
        seen.set(index.name, { entity: m.name, index });
        continue;
      }
      const other = known.index;
      if (
        other.type !== index.type ||
        other.partitionKey.attribute !== index.partitionKey.attribute ||
        other.sortKey?.attribute !== index.sortKey?.attribute
      ) {
        throw new MetadataError(
          `${m.name} and ${known.entity} share table ${tableName} but declare index ${index.name} differently ` +
            `(${describeIndex(index)} vs ${describeIndex(other)}): a table has one index of a name`,
          m.name,
        );
      }
    }
  }
}

function describeIndex(index: CompiledIndex): string {
  return `${index.type}, ${index.partitionKey.attribute}${index.sortKey ? ` / ${index.sortKey.attribute}` : ''}`;
}

/** How an entity writes an index partition key: declared tenantPrefixed, made by a template led by a property, or plain. */
interface KeyForm {
  readonly tenantPrefixed: boolean;
  readonly leadingProperty: string | undefined;
  /** Written by the templates of an open entity (any attribute), not declared. */
  readonly open?: boolean;
}

const PLAIN: KeyForm = { tenantPrefixed: false, leadingProperty: undefined };
const OPEN: KeyForm = { ...PLAIN, open: true };
/** The table's partition key: the guard checks it on every write, as a tenantPrefixed key. */
const TABLE_KEY: KeyForm = { tenantPrefixed: true, leadingProperty: undefined };

function formOfKey(key: CompiledIndexKey): KeyForm {
  return { tenantPrefixed: key.tenantPrefixed === true, leadingProperty: key.composite?.leadingProperty };
}

/**
 * How `m` writes attribute `name`: as its table's partition key, as the partition key of one of its global
 * indexes, as any other value it stores (an attribute, its sort key, a key of another index), by the templates
 * of an open entity, or not at all.
 */
function formOf(m: EntityMetadata, name: string): KeyForm | undefined {
  if (name === m.partitionKey.attribute) return TABLE_KEY;
  for (const index of m.indexes.values()) {
    if (index.type === 'global' && index.partitionKey.attribute === name) return formOfKey(index.partitionKey);
  }
  const stored =
    m.byName.has(name) ||
    name === m.sortKey?.attribute ||
    [...m.indexes.values()].some((i) => i.partitionKey.attribute === name || i.sortKey?.attribute === name);
  if (stored) return PLAIN;
  return m.openAttributes ? OPEN : undefined;
}

function described(form: KeyForm): string {
  if (form.open) return 'in the templates its openAttributes allow';
  if (form.tenantPrefixed) return 'declared tenantPrefixed';
  return form.leadingProperty === undefined ? 'as a plain value' : `as a template led by {${form.leadingProperty}}`;
}

/**
 * A global index key that one entity of a table makes a tenant's must be checked in every entity of the table
 * that writes it. The tenant guard checks a written index key by the writing entity's own declaration: an entity
 * that wrote the same attribute as a plain value would let a tenant put its items into another tenant's
 * partition of the index, where that tenant's queries read them. A key declared tenantPrefixed is a tenant's in
 * every scope, so its writers must declare it so too; a template led by `{p}` is a tenant's in the scopes whose
 * tenant property is `p`, so its writers must declare it tenantPrefixed or lead it by `{p}` as well.
 */
export function assertSameIndexTenancy(metas: readonly EntityMetadata[], tableName: string): void {
  for (const owner of metas) {
    for (const index of owner.indexes.values()) {
      const form = formOfKey(index.partitionKey);
      if (index.type !== 'global' || (!form.tenantPrefixed && form.leadingProperty === undefined)) continue;
      const attribute = index.partitionKey.attribute;
      for (const m of metas) {
        const other = m === owner ? undefined : formOf(m, attribute);
        if (other === undefined) continue;
        if (other.tenantPrefixed || (!form.tenantPrefixed && other.leadingProperty === form.leadingProperty)) continue;
        throw new MetadataError(
          `${m.name} writes ${attribute} ${described(other)}, but ${owner.name} of the same table ${tableName} writes it, ` +
            `the partition key of index ${index.name}, ${described(form)}: a tenant writing ${m.name} items could put them in another ` +
            `tenant's partition of ${index.name}. Declare ${attribute} on ${m.name} ${form.tenantPrefixed ? 'tenantPrefixed' : 'the same way (or tenantPrefixed)'}, or store ${m.name}'s value under another name`,
          m.name,
        );
      }
    }
  }
}
