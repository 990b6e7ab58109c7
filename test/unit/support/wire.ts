/**
 * The instant a recorded request carries at `path` (an attribute value `{ S: <ISO-8601> }`): execute() takes
 * its timestamps when it runs, so a test rebuilds the expected input with toInput(thatInstant).
 */
export function recordedInstant(body: Record<string, unknown> | undefined, ...path: string[]): Date {
  let node: unknown = body;
  for (const step of path) node = (node as Record<string, unknown> | undefined)?.[step];
  const text = (node as { S?: unknown } | undefined)?.S;
  if (typeof text !== 'string') throw new Error(`no { S } attribute value at ${path.join('.')}`);
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`${path.join('.')} is not an ISO-8601 instant: ${text}`);
  return at;
}

/** The RequestItems of a recorded batch request, by table (empty when there are none). */
export function requestItemsOf<E>(body: Record<string, unknown> | undefined): Record<string, E> {
  return (body?.RequestItems ?? {}) as Record<string, E>;
}
