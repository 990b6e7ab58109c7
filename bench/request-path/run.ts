import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteItemRequestBuilder, Repository } from '../../src/index.js';
import { BenchItem, benchItem } from '../cases/bench-item.js';
import { cannedClient } from '../transport/canned-client.js';

/**
 * How many of the library's files one request runs code in, from `execute()` to its result: a get, an
 * update with a template and a batch write of 25 puts. Measured with V8's precise coverage over the
 * compiled library (build/src), after one warm-up request so module loading is not counted. The SDK's
 * own files are not counted. `node build/bench/request-path/run.js` prints one line per request and,
 * with --files, the files themselves.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const library = path.resolve(here, '../../src') + path.sep;

const client = cannedClient();
const repo = new Repository(BenchItem, client);

const requests: Record<string, () => Promise<unknown>> = {
  get: () => repo.get.withKey({ id: '1', kind: 'PROFILE' }).execute(),
  'update with a template': () =>
    repo.update
      .withKey({ id: '1', kind: 'PROFILE' })
      .set('SET status = {0}, score = score + {1}', 'x', 1)
      .where('attribute_exists(#{0}) AND age < {1}', 'email', 90)
      .execute(),
  'batch write 25 puts': () => {
    let batch = new BatchWriteItemRequestBuilder(client);
    for (let i = 0; i < 25; i++) batch = batch.put(repo, (b) => b.withItem(benchItem(i)));
    return batch.execute();
  },
};

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
const showFiles = process.argv.includes('--files');
for (const [name, run] of Object.entries(requests)) {
  await run();
  // Taking the coverage resets the counts: what the next take reports ran in between.
  await session.post('Profiler.takePreciseCoverage');
  await run();
  const { result } = await session.post('Profiler.takePreciseCoverage');
  const files = result
    .filter((script) => script.url.startsWith('file://'))
    .map((script) => ({ file: fileURLToPath(script.url), ran: script.functions.some((f) => f.ranges[0]!.count > 0) }))
    .filter((s) => s.ran && s.file.startsWith(library))
    .map((s) => path.relative(library, s.file))
    .sort();
  console.log(`${name}: ${files.length} files`);
  if (showFiles) for (const file of files) console.log(`  ${file}`);
}
await session.post('Profiler.stopPreciseCoverage');
session.disconnect();
