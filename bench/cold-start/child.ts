/**
 * One cold-start measurement in a fresh process (spawned by cold-start.ts):
 *
 *   node child.js import raw|fluent   ms to import the DynamoDB client (raw), or it and fluent-dynamo's published
 *                                     build for Node, dist/node (fluent)
 *   node child.js first raw|fluent    ms to import a handler (handlers/*.js), create its client and answer one
 *                                     get through the canned transport (body: env CANNED_GET_BODY)
 *
 * Prints the milliseconds as its last line. Nothing else of the bench is imported before the clock starts.
 */
import { performance } from 'node:perf_hooks';
import { cannedHandler } from '../transport/canned-handler.js';

const [mode, side] = process.argv.slice(2);
if ((mode !== 'import' && mode !== 'first') || (side !== 'raw' && side !== 'fluent')) {
  throw new Error('usage: child.js import|first raw|fluent');
}
const requestHandler = cannedHandler({ GetItem: process.env.CANNED_GET_BODY ?? '{}' });

const started = performance.now();
if (mode === 'import') {
  await import('@aws-sdk/client-dynamodb');
  // The published build for Node (dist/node), as an application loads it.
  if (side === 'fluent') await import('fluent-dynamo');
} else {
  const module = (await import(side === 'raw' ? './handlers/raw-get.js' : './handlers/fluent-get.js')) as {
    createHandler: typeof import('./handlers/raw-get.js').createHandler;
  };
  const handle = module.createHandler({
    requestHandler,
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const item = await handle({ id: '1' });
  if (!item) throw new Error('the canned get returned no item');
}
console.log((performance.now() - started).toFixed(3));
