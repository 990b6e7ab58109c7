import type { PathElement } from '../expressions/ast.js';
import type { CompiledAttribute, EntityMetadata } from '../metadata/compiled-types.js';
import type { CompiledKey } from '../metadata/key-format.js';

/** What a top-level name of an entity's template stands for. */
export type Declared =
  | { readonly kind: 'attribute'; readonly stored: string; readonly attribute: CompiledAttribute }
  | { readonly kind: 'key'; readonly stored: string; readonly key: CompiledKey }
  | { readonly kind: 'discriminator'; readonly stored: string };

/** An entity's top-level names, by property name and by stored name. Computed once per repository. */
export interface DeclaredAttributes {
  readonly label: string;
  /** Name as written (property or stored name) -> what it stands for. */
  readonly byWritten: ReadonlyMap<string, Declared>;
  /** Stored name -> what it stands for. */
  readonly byStored: ReadonlyMap<string, Declared>;
  /** Every name a template may use, for "did you mean". */
  readonly names: readonly string[];
  readonly open: boolean;
}

export function declaredAttributes(metadata: EntityMetadata): DeclaredAttributes {
  const byWritten = new Map<string, Declared>();
  const byStored = new Map<string, Declared>();
  const add = (declared: Declared, property: string | undefined): void => {
    byStored.set(declared.stored, declared);
    byWritten.set(declared.stored, declared);
    // A stored name wins over another attribute's property of the same name, as in withKey.
    if (property !== undefined && !byWritten.has(property)) byWritten.set(property, declared);
  };
  for (const attribute of metadata.attributes) add({ kind: 'attribute', stored: attribute.name, attribute }, undefined);
  for (const key of [metadata.partitionKey, metadata.sortKey, ...metadata.compositeIndexKeys]) {
    if (key !== undefined) add({ kind: 'key', stored: key.attribute, key }, undefined);
  }
  if (metadata.discriminator) add({ kind: 'discriminator', stored: metadata.discriminator.name }, undefined);
  // Property names second, so that a stored name is never shadowed by a property of another attribute.
  for (const attribute of metadata.attributes) add(byStored.get(attribute.name) as Declared, attribute.property);
  for (const key of [metadata.partitionKey, metadata.sortKey]) {
    if (key?.kind === 'simple') add(byStored.get(key.attribute) as Declared, key.properties[0]);
  }
  return {
    label: metadata.name,
    byWritten,
    byStored,
    names: [...new Set([...Object.keys(metadata.fields), ...byStored.keys()])],
    open: metadata.openAttributes,
  };
}

/**
 * The names of the entities sharing a table, for its queries and scans: stored names first, then the
 * property names no entity stores under another name, so that no entity's name is read as another's.
 */
export function sharedDeclaredAttributes(all: readonly DeclaredAttributes[]): DeclaredAttributes {
  const byWritten = new Map<string, Declared>();
  const byStored = new Map<string, Declared>();
  for (const declared of all) for (const [name, d] of declared.byStored) if (!byStored.has(name)) byStored.set(name, d);
  for (const [name, d] of byStored) byWritten.set(name, d);
  for (const declared of all) {
    for (const [name, d] of declared.byWritten) if (!byWritten.has(name)) byWritten.set(name, d);
  }
  return {
    label: all.map((d) => d.label).join(', '),
    byWritten,
    byStored,
    names: [...new Set(all.flatMap((d) => d.names))],
    open: all.some((d) => d.open),
  };
}

/** The simple key's property when the template named the key by it (`userId` for `pk`), else undefined. */
export function keyProperty(declared: Declared, path: readonly PathElement[]): string | undefined {
  if (declared.kind !== 'key' || declared.key.kind !== 'simple') return undefined;
  const first = path[0];
  const written = first?.written ?? first?.name;
  const property = declared.key.properties[0];
  return written === property ? property : undefined;
}
