/**
 * `npm run bench`: fluent-dynamo against the raw AWS SDK, same process, same
 * run. Prints a table of ratios; exits non-zero when a budget is missed.
 * `--smoke` runs every benchmark once and checks no budget (CI uses it so
 * the suite cannot rot). See BENCHMARKS.md.
 */
import { createTable, Repository } from '../src/index.js';
import { startLocalDynamoDb } from '../src/testing/index.js';
import { BUDGETS, type Budget } from './budgets.js';
import { BenchItem, benchItem } from './cases/bench-item.js';
import { contextCases, singleItemCases } from './cases/single-item-cases.js';
import { measurePair, median, throughput } from './harness/measure.js';
import { cannedClient } from './transport/canned-client.js';

const smoke = process.argv.includes('--smoke');
const skipLocal = process.argv.includes('--canned-only');

interface Row {
  readonly name: string;
  readonly raw: string;
  readonly fluent: string;
  readonly result: string;
  readonly budget: string;
  readonly ok: boolean;
}

const rows: Row[] = [];
const micros = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;

function judge(budget: Budget | undefined, ratio: number, addedMicros: number): { budget: string; ok: boolean } {
  if (smoke || !budget) return { budget: budget ? 'smoke: not checked' : '-', ok: true };
  if (budget.maxRatio !== undefined) return { budget: `≤ ${budget.maxRatio}`, ok: ratio <= budget.maxRatio };
  if (budget.maxAddedMicros !== undefined) {
    return { budget: `≤ +${budget.maxAddedMicros} µs`, ok: addedMicros <= budget.maxAddedMicros };
  }
  if (budget.minThroughputRatio !== undefined) {
    return { budget: `≥ ${budget.minThroughputRatio}`, ok: ratio >= budget.minThroughputRatio };
  }
  return { budget: '-', ok: true };
}

async function cannedTransport(): Promise<void> {
  const client = cannedClient();
  const options = { rounds: smoke ? 1 : 9 };
  const iterationsOf = (name: string) =>
    smoke ? 1 : name.startsWith('query') ? 400 : name.includes('overhead') ? 200_000 : 3000;
  for (const pair of [...singleItemCases(client, 'bench'), ...contextCases(client)]) {
    const r = await measurePair(pair, { ...options, iterations: iterationsOf(pair.name) });
    const added = (r.fluentNsPerOp - r.rawNsPerOp) / 1000;
    const isOverhead = BUDGETS[pair.name]?.maxAddedMicros !== undefined;
    rows.push({
      name: isOverhead ? pair.name : `${pair.name} (canned HTTP)`,
      raw: micros(r.rawNsPerOp),
      fluent: micros(r.fluentNsPerOp),
      result: isOverhead ? `+${added.toFixed(2)} µs` : `× ${r.ratio.toFixed(3)}`,
      ...judge(BUDGETS[pair.name], r.ratio, added),
    });
  }
  client.destroy();
}

async function localTransport(): Promise<void> {
  const dynamo = await startLocalDynamoDb();
  try {
    const client = dynamo.client('bench');
    await createTable(client, BenchItem, { tableName: 'bench' });
    const repo = new Repository(BenchItem, { client, tableName: 'bench' });
    await repo.put.withItem(benchItem(1)).execute();
    const [get] = singleItemCases(client, 'bench');
    if (!get) throw new Error('no get case');
    for (const concurrency of [1, 64]) {
      const ms = smoke ? 50 : 1500;
      const rounds = smoke ? 1 : 5;
      const ratios: number[] = [];
      const raws: number[] = [];
      const fluents: number[] = [];
      await throughput(get.raw, concurrency, smoke ? 20 : 500);
      await throughput(get.fluent, concurrency, smoke ? 20 : 500);
      for (let round = 0; round < rounds; round++) {
        const first = round % 2 === 0;
        const a = await throughput(first ? get.raw : get.fluent, concurrency, ms);
        const b = await throughput(first ? get.fluent : get.raw, concurrency, ms);
        const [raw, fluent] = first ? [a, b] : [b, a];
        raws.push(raw);
        fluents.push(fluent);
        ratios.push(fluent / raw);
      }
      const name = `get, DynamoDB Local, concurrency ${concurrency}`;
      const ratio = median(ratios);
      rows.push({
        name,
        raw: `${median(raws).toFixed(0)} op/s`,
        fluent: `${median(fluents).toFixed(0)} op/s`,
        result: `× ${ratio.toFixed(3)}`,
        ...judge(BUDGETS[name], ratio, 0),
      });
    }
  } finally {
    await dynamo.stop();
  }
}

function print(): void {
  const header: Row = {
    name: 'benchmark',
    raw: 'raw SDK',
    fluent: 'fluent-dynamo',
    result: 'result',
    budget: 'budget',
    ok: true,
  };
  const all = [header, ...rows];
  const width = (key: keyof Omit<Row, 'ok'>) => Math.max(...all.map((r) => r[key].length));
  const keys = ['name', 'raw', 'fluent', 'result', 'budget'] as const;
  for (const row of all) {
    const cells = keys.map((k) => row[k].padEnd(width(k)));
    console.log(`${cells.join('  ')}  ${row === header ? 'ok' : row.ok ? 'yes' : 'MISSED'}`);
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}${smoke ? ', smoke run' : ''}\n`);
await cannedTransport();
if (!skipLocal) await localTransport();
print();
const missed = rows.filter((r) => !r.ok);
if (missed.length > 0) {
  console.error(`\n${missed.length} budget(s) missed: ${missed.map((r) => r.name).join(', ')}`);
  process.exitCode = 1;
}
