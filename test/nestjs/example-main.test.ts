import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

// `npm run example:nestjs` runs this compiled main; here against the test DynamoDB Local (DYNAMODB_ENDPOINT).
// Its tour throws on any unexpected answer, so exit code 0 means every step answered as documented.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('npm run example:nestjs runs its tour against DynamoDB Local and the local STS, and exits 0', async (t) => {
  t.timeout(120_000);
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'build', 'examples', 'nestjs', 'main.js')], {
      cwd: root,
      env: process.env,
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
    child.on('exit', (exitCode) => resolve({ code: exitCode, output }));
  });
  t.is(code, 0, output);
  t.regex(output, /done: every answer was the expected one\./);
  t.regex(output, /GET \/api\/tenants\/globex\/users\/bob -> 403/);
  t.regex(output, /GET \/api\/tenants\/initech\/users -> 503/);
  t.regex(output, /TenantRole-acme as tenant-acme: issued/);
  t.notRegex(output, /Warning|failed/);
});
