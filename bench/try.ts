import { multiItemCases } from './cases/multi-item-cases.js';
import { measurePair } from './harness/measure.js';
import { cannedClient } from './transport/canned-client.js';
const client = cannedClient();
for (const p of multiItemCases(client, 'bench')) console.log(p.name, await measurePair(p, { rounds: 5, iterations: Number(process.argv[2] ?? 300) }));
