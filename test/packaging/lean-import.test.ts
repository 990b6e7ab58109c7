// What importing the root entry point loads, observed in a fresh child process: a module resolve hook logs every
// module URL that gets resolved, and the CommonJS module cache lists what the SDK required. Importing `fluent-dynamo`
// must not load @aws-sdk/client-sts (only STS-scoped tenants need it, on their first AssumeRole), nor the testing
// helpers (DynamoDB Local, the local STS and its HTTP server), nor the Express/Koa/NestJS integrations, nor
// @opentelemetry/api (an optional peer dependency: only fluent-dynamo/otel loads it).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { STSClient } from '@aws-sdk/client-sts';
import test from 'ava';
import { ConfigurationError } from '../../src/clients/configuration-error.js';
import { StsTenantClientProvider } from '../../src/tenancy/sts-tenant-client-provider.js';

const buildSrc = fileURLToPath(new URL('../../src/', import.meta.url));
const rootEntry = pathToFileURL(path.join(buildSrc, 'index.js')).href;

const HOOK = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, resolved.url + '\\n');
  return resolved;
}
`;

interface Loaded {
  /** Every module URL resolved through the ES module loader, and every CommonJS file required. */
  modules: string[];
  /** The same, at the marks the child script set (`mark(name)`). */
  marks: Record<string, string[]>;
}

/** Runs `body` (an ES module script; `mark(name)` records what is loaded so far) in a child node. */
async function loadedBy(body: string): Promise<Loaded> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-lean-'));
  try {
    const log = path.join(dir, 'loaded.log');
    writeFileSync(log, '');
    writeFileSync(path.join(dir, 'hook.mjs'), HOOK);
    writeFileSync(
      path.join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hook.mjs')).href)});\n`,
    );
    writeFileSync(
      path.join(dir, 'main.mjs'),
      `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const marks = {};
const loaded = () => [...readFileSync(process.env.LOADED_LOG, 'utf8').split('\\n').filter(Boolean), ...Object.keys(require.cache)];
const mark = (name) => { marks[name] = loaded(); };
${body}
console.log(JSON.stringify({ modules: loaded(), marks }));
`,
    );
    const { DYNAMODB_ENDPOINT: _endpoint, ...env } = process.env;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, path.join(dir, 'main.mjs')],
        { env: { ...env, LOADED_LOG: log } },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      );
    });
    return JSON.parse(stdout) as Loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sts = (modules: string[]) => modules.filter((m) => /[\\/]@aws-sdk[\\/]client-sts[\\/]/.test(m));
const otelApi = (modules: string[]) => modules.filter((m) => /[\\/]@opentelemetry[\\/]api[\\/]/.test(m));
const ours = (modules: string[], area: string) =>
  modules.filter((m) => m.includes(`${path.sep}src${path.sep}${area}${path.sep}`) || m.includes(`/src/${area}/`));

test('importing the root entry point loads neither client-sts, nor the testing helpers, nor the web integrations', async (t) => {
  const { modules } = await loadedBy(`await import(${JSON.stringify(rootEntry)});`);
  t.true(
    modules.some((m) => /[\\/]@aws-sdk[\\/]client-dynamodb[\\/]/.test(m)),
    'the observation works: client-dynamodb is seen',
  );
  t.true(ours(modules, 'builders').length > 0, 'the observation works: the builders are seen');
  t.deepEqual(sts(modules), []);
  for (const area of ['testing', 'middleware', 'nestjs', 'otel']) t.deepEqual(ours(modules, area), [], area);
  t.deepEqual(otelApi(modules), [], '@opentelemetry/api is not loaded');
});

test('a StsTenantClientProvider loads client-sts on its first AssumeRole (here: loadStsClient), not before', async (t) => {
  const { marks } = await loadedBy(`
const { StsTenantClientProvider } = await import(${JSON.stringify(rootEntry)});
const provider = new StsTenantClientProvider({
  roleArn: 'arn:aws:iam::123456789012:role/TenantRole',
  dynamo: { region: 'us-east-1' },
  pruneIntervalSeconds: 0,
});
mark('constructed');
await provider.loadStsClient();
mark('loaded');
await provider.close();
`);
  t.deepEqual(sts(marks.constructed ?? ['no mark']), []);
  t.true(sts(marks.loaded ?? []).length > 0, 'client-sts is loaded once the STS client is needed');
});

test('stsClient before the first AssumeRole is a ConfigurationError; after loadStsClient() the same client every time', async (t) => {
  const provider = new StsTenantClientProvider({
    roleArn: 'arn:aws:iam::123456789012:role/TenantRole',
    dynamo: { region: 'us-east-1' },
    pruneIntervalSeconds: 0,
  });
  t.teardown(() => provider.close());
  const error = t.throws(() => provider.stsClient, { instanceOf: ConfigurationError });
  t.regex(error?.message ?? '', /loadStsClient\(\)/);
  const client = (await provider.loadStsClient()) as STSClient;
  t.is(provider.stsClient, client);
  t.is(await provider.loadStsClient(), client);
  t.is(client.config.requestHandler, provider.httpHandler, 'the provider gave it its shared connection pool');
});

test('the observation sees a lazily imported client-sts (a check of the check)', async (t) => {
  const stsModule = pathToFileURL(path.join(buildSrc, 'tenancy', 'sts-module.js')).href;
  const { modules } = await loadedBy(`await (await import(${JSON.stringify(stsModule)})).loadStsModule();`);
  t.true(sts(modules).length > 0);
});

const streamsClient = (modules: string[]) =>
  modules.filter((m) => /[\\/]@aws-sdk[\\/]client-dynamodb-streams[\\/]/.test(m));

test('importing fluent-dynamo/testing does not load client-dynamodb-streams (followStream loads it when called)', async (t) => {
  const entry = pathToFileURL(path.join(buildSrc, 'testing', 'index.js')).href;
  const { modules } = await loadedBy(
    `const m = await import(${JSON.stringify(entry)}); if (typeof m.followStream !== 'function') throw new Error('no followStream');`,
  );
  t.true(ours(modules, 'testing').length > 0, 'the observation works: the testing helpers are seen');
  t.deepEqual(streamsClient(modules), []);
});

test('importing fluent-dynamo/streams loads neither client-dynamodb-streams nor client-sts', async (t) => {
  const entry = pathToFileURL(path.join(buildSrc, 'streams', 'index.js')).href;
  const { modules } = await loadedBy(`await import(${JSON.stringify(entry)});`);
  t.true(ours(modules, 'streams').length > 0, 'the observation works: the streams modules are seen');
  t.deepEqual(streamsClient(modules), []);
  t.deepEqual(sts(modules), []);
});

test('importing fluent-dynamo/otel loads @opentelemetry/api (the root entry point before it did not)', async (t) => {
  const entry = pathToFileURL(path.join(buildSrc, 'otel', 'index.js')).href;
  const { modules, marks } = await loadedBy(`
await import(${JSON.stringify(rootEntry)});
mark('root');
const { instrument } = await import(${JSON.stringify(entry)});
instrument()();
`);
  t.deepEqual(otelApi(marks.root ?? ['no mark']), [], 'not by the root entry point');
  t.true(otelApi(modules).length > 0, 'by fluent-dynamo/otel');
  t.true(ours(modules, 'otel').length > 0, 'the observation works: the otel modules are seen');
  t.deepEqual(sts(modules), []);
});

test('importing fluent-dynamo/express or fluent-dynamo/koa does not load @opentelemetry/api', async (t) => {
  const entries = ['express', 'koa'].map(
    (name) => pathToFileURL(path.join(buildSrc, 'middleware', name, 'index.js')).href,
  );
  const { modules } = await loadedBy(entries.map((entry) => `await import(${JSON.stringify(entry)});`).join('\n'));
  t.true(ours(modules, 'middleware').length > 0, 'the observation works: the middleware is seen');
  t.deepEqual(otelApi(modules), []);
});
