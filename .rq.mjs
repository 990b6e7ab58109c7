await import('@aws-sdk/client-dynamodb');
const root = await import('/work/main/dist/node/index.js');
const { createRequire } = process.getBuiltinModule('node:module');
const r = createRequire('/work/main/dist/node/index.js');
const internals = root.FluentDynamoError[Symbol.for('fluent-dynamo.build-internals')];
const out = [];
for (const f of process.argv.slice(2)) { const t = performance.now(); const fn = r(f); const t2 = performance.now(); fn(internals); out.push(`${f} load ${(t2 - t).toFixed(2)} run ${(performance.now() - t2).toFixed(2)}`); }
console.log(out.join(' | '));
