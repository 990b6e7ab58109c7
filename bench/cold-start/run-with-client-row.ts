/**
 * `node run-with-client-row.js <rounds> <iterations>`: the `runWithClient + get` pair on the canned transport, in
 * this process, printed as JSON (a PairResult). bench/run.ts runs it on the other supported Node lines: how much the
 * AsyncLocalStorage of runWithClient costs depends on the Node version (promise hooks on Node 22, AsyncContextFrame
 * on Node 24).
 */
import { contextCases } from '../cases/single-item-cases.js';
import { measurePair } from '../harness/measure.js';
import { cannedClient } from '../transport/canned-client.js';

const [rounds, iterations] = process.argv.slice(2).map(Number);
const client = cannedClient('bench');
const pair = contextCases(client, 'bench').find((p) => p.name === 'runWithClient + get');
if (!pair) throw new Error('no runWithClient + get case');
const result = await measurePair(pair, { rounds: rounds ?? 61, iterations: iterations ?? 200 });
client.destroy();
console.log(JSON.stringify({ node: process.version, ...result }));
