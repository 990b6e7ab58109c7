/**
 * Runs one side of one canned-transport benchmark in a loop, for a CPU profile:
 *
 *   node --cpu-prof --cpu-prof-dir=prof build/bench/profile/run-case.js 'query 100' fluent 2000
 *   node build/bench/profile/summarize.js prof/*.cpuprofile
 *
 * The case is the first whose name starts with the given text ('get with OpenTelemetry' turns `instrument()` on); the side is
 * `raw` or `fluent` (default); the count is the number of calls after a
 * warm-up of a quarter as many.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { multiItemCases } from '../cases/multi-item-cases.js';
import { otelGetCase } from '../cases/otel-cases.js';
import { contextCases, singleItemCases } from '../cases/single-item-cases.js';
import { nsPerOp } from '../harness/measure.js';
import { cannedClient } from '../transport/canned-client.js';

const [prefix = '', side = 'fluent', count = '2000'] = process.argv.slice(2);
const client = cannedClient('bench');
const otel = otelGetCase(client, 'bench');
const cases = [
  otel.pair,
  ...singleItemCases(client, 'bench'),
  ...multiItemCases(client, 'bench'),
  ...contextCases(client, 'bench'),
];
const pair = cases.find((c) => c.name.startsWith(prefix));
if (!pair || (side !== 'raw' && side !== 'fluent')) {
  console.error(`usage: run-case.js <${cases.map((c) => c.name).join(' | ')}> [raw|fluent] [count]`);
  process.exit(2);
}
const fn = side === 'raw' ? pair.raw : pair.fluent;
// The OpenTelemetry row measures with instrument() on, as the bench does while that row runs.
if (pair === otel.pair) otel.start();
const n = Number(count);
await nsPerOp(fn, Math.max(1, Math.floor(n / 4)));
console.log(`${pair.name}, ${side}: ${(await nsPerOp(fn, n)) / 1000} µs per call`);
await otel.stop();
client.destroy();
