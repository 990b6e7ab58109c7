import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

// `npm run example:*` runs these compiled mains; here they run against the
// test DynamoDB Local (DYNAMODB_ENDPOINT), one after the other since the
// Express and Koa examples use the same tenant databases.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function runMain(relative: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'build', relative)], {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

for (const [script, main] of [
  ['example:express', 'examples/express/main.js'],
  ['example:koa', 'examples/koa/main.js'],
  ['example:multi-region', 'examples/multi-region/main.js'],
  ['example:local', 'examples/local-development/main.js'],
  ['example:costs', 'examples/tenant-costs/main.js'],
] as const) {
  test.serial(`npm run ${script} runs its tour and exits 0`, async (t) => {
    const { code, output } = await runMain(main);
    t.is(code, 0, output);
    t.regex(output, /done: every answer was the expected one\./);
    t.notRegex(output, /failed/);
  });
}
