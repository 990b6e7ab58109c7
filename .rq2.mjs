await import('@aws-sdk/client-dynamodb');
const root = await import('/work/main/dist/node/index.js');
const { createRequire } = process.getBuiltinModule('node:module');
const r = createRequire('/work/main/dist/node/index.js');
const internals = root.FluentDynamoError[Symbol.for('fluent-dynamo.build-internals')];
const fn = r(process.argv[2]);
function MARKER1() { let x = 0; for (let i = 0; i < 3e6; i++) x += i; return x; }
function MARKER2() { let x = 0; for (let i = 0; i < 3e6; i++) x += i; return x; }
MARKER1();
fn(internals);
MARKER2();
