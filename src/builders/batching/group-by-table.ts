/** Groups (table, value) pairs into a record of arrays by table, in order. */
export function groupByTable<V>(pairs: ReadonlyArray<readonly [string, V]>): Record<string, V[]> {
  const out: Record<string, V[]> = {};
  for (const [table, value] of pairs) {
    const list = out[table] ?? [];
    list.push(value);
    out[table] = list;
  }
  return out;
}
