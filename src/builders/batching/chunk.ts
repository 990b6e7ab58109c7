/**
 * Consecutive slices of at most `size` items: DynamoDB takes at most 100 keys
 * per BatchGetItem and 25 writes per BatchWriteItem.
 */
export function chunk<I>(items: readonly I[], size: number): I[][] {
  const out: I[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
