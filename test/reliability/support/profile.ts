/**
 * How hard the reliability suite pushes. `npm run test:reliability` (scripts/reliability.mjs) sets
 * RELIABILITY_FULL=1: the full suite. Under plain `npm test`, which runs these files too, a lighter profile keeps
 * the whole run short: shorter load, one DynamoDB Local outage instead of two, fewer generated inputs; every
 * kind of check still runs (only the in-memory restart test is skipped).
 */
export const FULL = process.env.RELIABILITY_FULL === '1';

/** `full` under RELIABILITY_FULL=1, else `quick`; an environment variable named `env` overrides both. */
export function sized(env: string, full: number, quick: number): number {
  const value = process.env[env];
  if (value !== undefined && value !== '' && Number.isFinite(Number(value))) return Number(value);
  return FULL ? full : quick;
}
