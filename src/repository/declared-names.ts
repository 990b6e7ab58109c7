import { anyAttributeName, closestNames, NameRefusal } from '../expressions/name-refusal.js';
import type { NameResolver } from '../expressions/types.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import { unquoteName } from './field-names.js';

/**
 * The resolver of a typed entity's name placeholders (`#{n}`): a property name or a stored name of a
 * declared attribute (keys and composite index keys included), never anything else. Computed once per
 * repository.
 */
export function declaredAttributeName(metadata: EntityMetadata): NameResolver {
  const stored = new Map<string, string>();
  for (const [property, field] of Object.entries(metadata.fields)) stored.set(property, unquoteName(field));
  for (const name of metadata.byName.keys()) stored.set(name, name);
  const keys = [metadata.partitionKey, metadata.sortKey, ...metadata.compositeIndexKeys];
  for (const key of keys) if (key) stored.set(key.attribute, key.attribute);
  const known = [...stored.keys()];
  return (value, index) => {
    const name = anyAttributeName(value, index);
    const found = stored.get(name);
    if (found !== undefined) return found;
    const near = closestNames(name, known);
    throw new NameRefusal(
      index,
      `the name placeholder #{${index}} names ${JSON.stringify(name)}, which is not an attribute of ${metadata.name}`,
      near.length > 0 ? `did you mean ${near.join(' or ')}?` : `use one of ${known.join(', ')}`,
    );
  };
}
