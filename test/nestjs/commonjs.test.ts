// NestJS apps often compile to CommonJS, and Nest 12 itself is ESM only. The CommonJS build of fluent-dynamo/nestjs
// (tsconfig.cjs.json, as `npm run build` makes dist/cjs) must load with require() on Node 20 (require(esm) of
// @nestjs/common and @nestjs/core) and serve a scoped request. Compiled into a directory of this run under build/.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { randomAlphanumeric } from '../support/dynamo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Plain CommonJS, as a Nest app compiled by tsc with module commonjs would run it.
const PROBE = `
require('reflect-metadata');
const { Controller, Get } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { FluentDynamoModule, TenantScoped } = require('./nestjs/index.js');
const { currentClient } = require('./index.js');

const tenantClient = new DynamoDBClient({ region: 'us-east-1' });
class Probe {
  async scoped() { return { scoped: currentClient() === tenantClient }; }
}
Reflect.decorate([Get()], Probe.prototype, 'scoped', Object.getOwnPropertyDescriptor(Probe.prototype, 'scoped'));
const ProbeController = Reflect.decorate([Controller('t/:tenantId'), TenantScoped()], Probe);

(async () => {
  const root = {
    module: class ProbeModule {},
    imports: [FluentDynamoModule.forRoot({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      tenants: { clientFor: async () => tenantClient },
      tenantContext: {
        principal: () => ({ tenants: ['acme'] }),
        authorize: (tenantId, principal) => principal.tenants.includes(tenantId),
      },
    })],
    controllers: [ProbeController],
  };
  const app = await NestFactory.create(root, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = 'http://127.0.0.1:' + app.getHttpServer().address().port;
  const ok = await fetch(base + '/t/acme');
  const denied = await fetch(base + '/t/globex');
  console.log(JSON.stringify({ ok: [ok.status, await ok.json()], denied: denied.status }));
  await app.close();
})();
`;

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the CommonJS build of fluent-dynamo/nestjs loads with require() and scopes a request', async (t) => {
  t.timeout(120_000);
  const outDir = path.join(root, 'build', `.nestjs-cjs-${randomAlphanumeric(8)}`);
  t.teardown(() => rmSync(outDir, { recursive: true, force: true }));
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.cjs.json', '--outDir', outDir]);
  t.is(compiled.code, 0, compiled.stdout + compiled.stderr);
  mkdirSync(outDir, { recursive: true });
  // As scripts/build.mjs does for dist/cjs: .js files there are CommonJS inside this "type": "module" package.
  writeFileSync(path.join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(path.join(outDir, 'probe.cjs'), PROBE);
  const probe = await run(process.execPath, [path.join(outDir, 'probe.cjs')]);
  t.is(probe.code, 0, probe.stderr);
  t.deepEqual(JSON.parse(probe.stdout), { ok: [200, { scoped: true }], denied: 403 });
});
