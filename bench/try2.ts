import { multiItemCases } from './cases/multi-item-cases.js';
import { singleItemCases } from './cases/single-item-cases.js';
import { nsPerOp } from './harness/measure.js';
import { cannedClient } from './transport/canned-client.js';
const client = cannedClient();
const [name, side, n] = process.argv.slice(2);
const p = [...singleItemCases(client, 'bench'), ...multiItemCases(client, 'bench')].find((c) => c.name.startsWith(name!))!;
const fn = side === 'raw' ? p.raw : p.fluent;
console.log(p.name, side, await nsPerOp(fn, Number(n ?? 1000)));
