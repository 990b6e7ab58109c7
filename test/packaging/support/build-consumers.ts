// Consumers of the two ES builds: Node reads dist/node (CommonJS dependencies loaded with `require`), bundlers read
// dist/esm (plain imports, the "module" condition). Plain JavaScript, decorators applied by hand.

/**
 * Run by Node in the installed app: which build `fluent-dynamo` resolves to, and, for every package the Node build
 * loads with `require` (its `nodeRequire("...")` calls, but Node's built-in modules and the build's own files), whether `import` and `require` resolve it to the same file,
 * which makes them one module.
 */
export const RESOLUTION_CONSUMER = `
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);
const entry = fileURLToPath(import.meta.resolve('fluent-dynamo'));
const nodeBuild = path.dirname(entry);
const required = new Set();
const visit = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) visit(full);
    else if (full.endsWith('.js')) for (const m of readFileSync(full, 'utf8').matchAll(/nodeRequire\\("([^".][^":]*)"\\)/g)) required.add(m[1]);
  }
};
visit(nodeBuild);
const sameFile = {};
for (const name of [...required].sort()) sameFile[name] = import.meta.resolve(name) === pathToFileURL(require.resolve(name)).href;
const root = await import('fluent-dynamo');
const express = await import('fluent-dynamo/express');
console.log(JSON.stringify({
  entry: path.relative(process.cwd(), entry).split(path.sep).join('/'),
  sameFile,
  rootExportsOnlyPublicNames: !Object.keys(root).some((name) => /^(safely|globalSingleton|runInTenantContext)$/.test(name)),
  subpathSharesTheRoot: express.bindStreamContext === root.bindStreamContext && typeof express.expressTenantContext === 'function',
}));
`;

/** Bundled by esbuild (default conditions, platform node) and run from a directory without node_modules. */
export const BUNDLED_CONSUMER = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Attribute, createTable, PartitionKey, Repository, Table } from 'fluent-dynamo';

class Note {}
PartitionKey({ attribute: 'pk', prefix: 'NOTE' })(Note.prototype, 'id');
Attribute({ type: String })(Note.prototype, 'text');
Table('bundled-notes-' + process.pid)(Note);

const client = new DynamoDBClient({
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bundled', secretAccessKey: 'local' },
});
await createTable(client, Note);
const notes = new Repository(Note, client);
await notes.put.withItem(Object.assign(new Note(), { id: 'n1', text: 'bundled' })).execute();
const { item } = await notes.get.withKey({ id: 'n1' }).execute();
console.log(JSON.stringify({ text: item?.text }));
`;

/**
 * Run by Node in the installed app, against DynamoDB Local: what needs the files that dist/node/index.js loads on
 * first use (the test hides them for `FIRST_USE=hidden`). Without them, importing the package, creating a table and
 * a put, get and delete work, and the first template, tenant provider, tenant policy and batch each need their
 * file; with them, they work, what they throw are the root's error classes, and inside a tenant's scope and client a
 * batch and a template go through that client, are refused another tenant's key, and are reported with the tenant.
 */
export const FIRST_USE_CONSUMER = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  Attribute, BatchGetItemRequestBuilder, BatchWriteItemRequestBuilder, ConfigurationError, createTable, ExpressionError,
  onOperation, PartitionKey, Repository, runInTenantScope, runWithClient, StsTenantClientProvider, Table, tenantPolicy,
} from 'fluent-dynamo';

class Note {}
PartitionKey({ attribute: 'pk', prefix: 'NOTE' })(Note.prototype, 'id');
Attribute({ type: String })(Note.prototype, 'text');
Table('first-use-notes-' + process.pid + '-' + process.env.FIRST_USE)(Note);

const client = new DynamoDBClient({
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'firstuse', secretAccessKey: 'local' },
});
await createTable(client, Note);
const notes = new Repository(Note, client);
await notes.put.withItem(Object.assign(new Note(), { id: 'n1', text: 'first' })).execute();
const { item } = await notes.get.withKey({ id: 'n1' }).execute();
const seen = { text: item?.text };
const attempt = async (what) => { try { return await what(); } catch (error) { return error.code ?? error.name; } };
seen.template = await attempt(() => notes.update.withKey({ id: 'n1' }).set('text = {0}', 'second') && 'works');
seen.provider = await attempt(() => new StsTenantClientProvider({ roleArn: 'arn:aws:iam::123456789012:role/T', dynamo: { region: 'us-east-1' }, pruneIntervalSeconds: 0 }) && 'works');
seen.policy = await attempt(() => tenantPolicy(Note, { accountId: '123456789012', region: 'us-east-1', tenantProperty: 'id' }) && 'works');
seen.batch = await attempt(async () => {
  const batch = await new BatchGetItemRequestBuilder(client).get(notes, (b) => b.withKey({ id: 'n1' })).execute();
  return batch.itemsOf(notes)[0]?.text === 'first' && 'works';
});
// An error a module loaded on first use throws is the root's class: the same constructor, not a copy.
const sameClass = (what, type) => { try { what(); return 'no error'; } catch (error) { return error instanceof type && error.constructor === type; } };
seen.templateErrorIsTheRootsClass = sameClass(() => notes.update.withKey({ id: 'n1' }).set('text = = {0}', 'x'), ExpressionError);
seen.providerErrorIsTheRootsClass = sameClass(() => new StsTenantClientProvider({}), ConfigurationError);
if (process.env.FIRST_USE === 'present') {
  // The attack: code loaded on first use with its own copy of the ambient scope or of the observers would send a
  // tenant's batch through the application's client (into another database) or outside the tenant's scope (another
  // tenant's key), and report it without the tenant. DynamoDB Local keeps one database per access key id, so where
  // each write landed shows which client sent it.
  class Doc {}
  PartitionKey({ attribute: 'pk' })(Doc.prototype, 'id');
  Attribute({ type: String })(Doc.prototype, 'text');
  Table('first-use-docs-' + process.pid)(Doc);
  const acmeClient = new DynamoDBClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 'firstuseacme', secretAccessKey: 'local' },
  });
  await createTable(client, Doc);
  await createTable(acmeClient, Doc);
  const docs = new Repository(Doc, client);
  const doc = (id, text) => Object.assign(new Doc(), { id, text });
  const nameOf = async (what) => { try { await what(); return 'sent'; } catch (error) { return error.name; } };
  const events = [];
  const off = onOperation((event) => events.push(event.operation + ' ' + (event.tenantId ?? 'no tenant') + ' ' + event.outcome));
  try {
    seen.scoped = await runWithClient(acmeClient, () => runInTenantScope({ tenantId: 'acme' }, async () => {
      // The batches' own client is the application's: the ambient client comes first.
      await new BatchWriteItemRequestBuilder(client).put(docs, (b) => b.withItem(doc('TENANT#acme#d1', 'acme'))).execute();
      await docs.update.withKey({ id: 'TENANT#acme#d1' }).set('text = {0}', 'acme, updated').execute();
      const batch = await new BatchGetItemRequestBuilder(client).get(docs, (b) => b.withKey({ id: 'TENANT#acme#d1' })).execute();
      return {
        readInTenant: batch.itemsOf(docs)[0]?.text,
        otherTenantsBatch: await nameOf(() =>
          new BatchWriteItemRequestBuilder(client).put(docs, (b) => b.withItem(doc('TENANT#globex#d1', 'x'))).execute()),
        otherTenantsUpdate: await nameOf(() => docs.update.withKey({ id: 'TENANT#globex#d1' }).set('text = {0}', 'x').execute()),
      };
    }));
    seen.scoped.inApplicationDatabase = (await docs.get.withKey({ id: 'TENANT#acme#d1' }).execute()).item?.text ?? 'absent';
    seen.scoped.events = events;
  } finally {
    off();
  }
}
await notes.delete.withKey({ id: 'n1' }).execute();
console.log(JSON.stringify(seen));
`;

/**
 * Run by Node with the path of a build's directory (dist/node or dist/esm) and the repository's node_modules (the
 * optional peers of the NestJS and OpenTelemetry entry points are there): every class and function each entry point
 * exports is named as exported. Error names are class names, and Nest logs and reports modules by theirs.
 */
export const NAMES_CONSUMER = `
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const build = process.argv[2];
const entries = ['index.js', 'testing/index.js', 'streams/index.js', 'middleware/express/index.js', 'middleware/koa/index.js', 'otel/index.js', 'nestjs/index.js'];
const misnamed = [];
for (const entry of entries) {
  const module = await import(pathToFileURL(path.join(build, entry)).href);
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function' && value.name !== name) misnamed.push(entry + ': ' + name + ' is named ' + value.name);
  }
}
console.log(JSON.stringify({ entries: entries.length, misnamed }));
`;
