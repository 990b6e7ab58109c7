/**
 * What a name resolver throws for the value of a name placeholder `#{n}` that names no attribute. The
 * compiled template turns it into an ExpressionError naming the template and the placeholder's position.
 */
export class NameRefusal extends Error {
  constructor(
    readonly index: number,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(problem);
  }
}

/** The longest attribute name DynamoDB accepts is 64 KB; a name this long from a request is a mistake or an attack. */
const MAX_NAME_LENGTH = 255;

/**
 * The resolver of tables without declared attributes: any non-empty string up to 255 characters. It
 * becomes one alias (`#n0`) whatever it contains, so it can name an attribute but never change the
 * expression's structure.
 */
export function anyAttributeName(value: unknown, index: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH) {
    throw new NameRefusal(
      index,
      `the name placeholder #{${index}} needs an attribute name (a string of 1 to ${MAX_NAME_LENGTH} characters), got ${typeof value === 'string' ? `${value.length} characters` : typeof value}`,
      'pass the attribute name as that value',
    );
  }
  return value;
}

/**
 * Up to `count` names of `candidates` closest to `name` (edit distance, case-insensitive), for "did you
 * mean": only those as close as the closest one, so a typo gets its one answer, not a list.
 */
export function closestNames(name: string, candidates: readonly string[], count = 3): string[] {
  const target = name.toLowerCase();
  const near = candidates
    .map((candidate) => ({ candidate, distance: editDistance(target, candidate.toLowerCase()) }))
    .filter((c) => c.distance <= Math.max(2, Math.floor(target.length / 2)))
    .sort((a, b) => a.distance - b.distance);
  const best = near[0]?.distance;
  return near
    .filter((c) => c.distance === best)
    .slice(0, count)
    .map((c) => c.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
