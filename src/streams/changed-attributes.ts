import { sameStoredNumber } from '../mapping/stored-number.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { StreamAttributeValue, StreamImage } from './lambda-event.js';

/** stored attribute name -> the property (or properties, for a composite key) it holds. */
export type PropertyNames = ReadonlyMap<string, readonly string[]>;

/** Built once per entity: which properties each stored attribute holds. */
export function propertyNamesOf(metadata: EntityMetadata): PropertyNames {
  const names = new Map<string, string[]>();
  // The discriminator marks the item's class; it is no property of it.
  if (metadata.discriminator) names.set(metadata.discriminator.name, []);
  for (const attr of metadata.attributes) names.set(attr.name, [attr.property]);
  for (const key of [...metadata.compositeIndexKeys, metadata.partitionKey, metadata.sortKey]) {
    if (key) names.set(key.attribute, [...key.properties]);
  }
  return names;
}

function sameBytes(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === 'string' || typeof b === 'string') {
    const text = (v: string | Uint8Array) => (typeof v === 'string' ? v : Buffer.from(v).toString('base64'));
    return text(a) === text(b);
  }
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function sameSet<V>(a: readonly V[], b: readonly V[], same: (x: V, y: V) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => same(x, y)));
}

/** Whether two stored values are equal (sets regardless of order, as DynamoDB treats them). */
export function sameValue(a: StreamAttributeValue, b: StreamAttributeValue): boolean {
  if (a.S !== undefined || b.S !== undefined) return a.S === b.S;
  if (a.N !== undefined || b.N !== undefined)
    return a.N !== undefined && b.N !== undefined && sameStoredNumber(a.N, b.N);
  if (a.BOOL !== undefined || b.BOOL !== undefined) return a.BOOL === b.BOOL;
  if (a.NULL !== undefined || b.NULL !== undefined) return a.NULL === b.NULL;
  if (a.B !== undefined || b.B !== undefined) return a.B !== undefined && b.B !== undefined && sameBytes(a.B, b.B);
  if (a.SS || b.SS) return !!a.SS && !!b.SS && sameSet(a.SS, b.SS, (x, y) => x === y);
  if (a.NS || b.NS) return !!a.NS && !!b.NS && sameSet(a.NS, b.NS, sameStoredNumber);
  if (a.BS || b.BS) return !!a.BS && !!b.BS && sameSet(a.BS, b.BS, sameBytes);
  if (a.L || b.L) {
    return (
      !!a.L && !!b.L && a.L.length === b.L.length && a.L.every((x, i) => sameValue(x, b.L?.[i] as StreamAttributeValue))
    );
  }
  if (a.M || b.M) return !!a.M && !!b.M && sameImage(a.M, b.M);
  return true;
}

function sameImage(a: StreamImage, b: StreamImage): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k] !== undefined && sameValue(a[k] as StreamAttributeValue, b[k] as StreamAttributeValue));
}

/**
 * The properties changed between two images, compared attribute by attribute; with one image only (an INSERT
 * or REMOVE), every property it holds. Undefined without either image.
 */
export function changedProperties(
  names: PropertyNames,
  oldImage: StreamImage | undefined,
  newImage: StreamImage | undefined,
): string[] | undefined {
  if (!oldImage && !newImage) return undefined;
  const out = new Set<string>();
  const add = (attribute: string) => {
    for (const p of names.get(attribute) ?? [attribute]) out.add(p);
  };
  if (!oldImage || !newImage) {
    for (const attribute in oldImage ?? newImage) add(attribute);
    return [...out];
  }
  for (const attribute in newImage) {
    const before = oldImage[attribute];
    if (before === undefined || !sameValue(before, newImage[attribute] as StreamAttributeValue)) add(attribute);
  }
  for (const attribute in oldImage) if (newImage[attribute] === undefined) add(attribute);
  return [...out];
}
