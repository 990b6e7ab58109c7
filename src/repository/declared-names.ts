import { anyAttributeName, closestNames, NameRefusal } from '../expressions/name-refusal.js';
import type { NameResolver } from '../expressions/types.js';
import type { DeclaredAttributes } from './declared-attributes.js';

/**
 * The resolver of a typed entity's name placeholders (`#{n}`): a property name or a stored name of a
 * declared attribute (keys and composite index keys included), never anything else, and not the
 * discriminator (the library's, not a field to sort or filter by). Computed once per repository, from the
 * same declared names templates are bound with.
 */
export function declaredAttributeName(declared: DeclaredAttributes): NameResolver {
  const discriminator = [...declared.byStored.values()].find((d) => d.kind === 'discriminator')?.stored;
  const known = declared.names.filter((name) => name !== discriminator);
  return (value, index) => {
    const name = anyAttributeName(value, index);
    const found = declared.byWritten.get(name);
    if (found !== undefined && found.kind !== 'discriminator') return found.stored;
    const near = closestNames(name, known);
    throw new NameRefusal(
      index,
      `the name placeholder #{${index}} names ${JSON.stringify(name)}, which is not an attribute of ${declared.label}`,
      near.length > 0 ? `did you mean ${near.join(' or ')}?` : `use one of ${known.join(', ')}`,
    );
  };
}
