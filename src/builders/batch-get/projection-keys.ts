/**
 * BatchGetItem answers with items in no particular order, so each item is
 * matched to its key by its key attributes: a projection that leaves them out
 * gets them added (as `#key0`, `#key1`, aliases the ExpressionContext never
 * makes). Projected items therefore always carry their key properties.
 */
export function projectionWithKeys(
  expression: string | undefined,
  names: Record<string, string> | undefined,
  keyNames: readonly string[],
): { expression?: string; names?: Record<string, string> } {
  if (!expression) return {};
  // Top-level attribute of each path: `#n0.#n1[2]` -> the name behind #n0.
  const top = new Set(
    expression.split(',').map((path) => {
      const first = path.trim().split(/[.[]/)[0] ?? '';
      return names?.[first] ?? first;
    }),
  );
  let out = expression;
  const outNames: Record<string, string> = { ...names };
  keyNames.forEach((name, i) => {
    if (top.has(name)) return;
    const alias = `#key${i}`;
    outNames[alias] = name;
    out += `, ${alias}`;
  });
  return { expression: out, names: outNames };
}
