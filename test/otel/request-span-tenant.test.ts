import type { RequestListener } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import test, { type ExecutionContext } from 'ava';
import express, { type Request } from 'express';
import Koa, { type Context } from 'koa';
import { createTable, Repository } from '../../src/index.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { koaTenantContext } from '../../src/middleware/koa/index.js';
import { instrument } from '../../src/otel/instrument.js';
import type { InstrumentOptions } from '../../src/otel/instrument-options.js';
import { as, fetchJson, principalFrom, serve } from '../middleware/support/http.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Note, note } from './support/notes.js';
import { OtelSdk } from './support/otel-sdk.js';

// The tenant on the web request's span: the tenant middleware (Express, Koa) tells fluent-dynamo/otel the
// tenant it granted, and the span active in the request (the HTTP server span an HTTP instrumentation makes;
// here made by the test around each request, as @opentelemetry/instrumentation-http does) gets
// fluent_dynamo.tenant.id. Real HTTP requests on loopback, a real get against DynamoDB Local in the handler.

const client = testClient();
const sdk = new OtelSdk();
const table = uniqueTableName('otel-http');
const notes = new Repository(Note, { client, tableName: table });
const tracer = sdk.tracerProvider.getTracer('http-server');

test.before(async () => {
  await createTable(client, Note, { tableName: table });
  await notes.put.withItem(note('n', 1)).execute();
});

test.after.always(() => sdk.shutdown());

test.beforeEach(() => sdk.exporter.reset());

/** Every request runs in a SERVER span of its own, ended when the response is finished. */
function withServerSpan(listener: RequestListener): RequestListener {
  return (req, res) =>
    tracer.startActiveSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER }, (span) => {
      res.on('close', () => span.end());
      listener(req, res);
    });
}

function expressApp(): RequestListener {
  const app = express();
  app.use(
    '/t/:tenantId',
    expressTenantContext({ clientFor: () => client, principal: (req: Request) => principalFrom((n) => req.get(n)) }),
    (_req, res) =>
      void notes.get
        .withKey({ owner: 'n', seq: 1 })
        .execute()
        .then(({ item }) => res.json({ seq: item?.seq })),
  );
  return app;
}

function koaApp(): RequestListener {
  const app = new Koa();
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(
    koaTenantContext({ clientFor: () => client, principal: (ctx: Context) => principalFrom((n) => ctx.get(n)) }),
  );
  router.get('/', async (ctx) => {
    const { item } = await notes.get.withKey({ owner: 'n', seq: 1 }).execute();
    ctx.body = { seq: item?.seq };
  });
  app.use(router.routes());
  return app.callback();
}

/** The server span of the request to `path`, once it has ended. */
async function serverSpan(path: string): Promise<ReadableSpan | undefined> {
  for (let i = 0; i < 100; i++) {
    const span = sdk.spans().find((s) => s.kind === SpanKind.SERVER && s.name === `GET ${path}`);
    if (span) return span;
    await sleep(10);
  }
  return undefined;
}

async function call(
  t: ExecutionContext,
  listener: RequestListener,
  path: string,
  tenants: readonly string[],
): Promise<number> {
  const served = await serve(withServerSpan(listener));
  t.teardown(() => served.close());
  return (await fetchJson(served.url(path), { headers: as('alice', tenants) })).status;
}

const apps = { express: expressApp, koa: koaApp };
const options = { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider } as const;

for (const [framework, app] of Object.entries(apps)) {
  test.serial(`${framework}: with tenantAttribute, the HTTP server span gets the granted tenant`, async (t) => {
    const uninstrument = instrument({ ...options, tenantAttribute: 'spans' });
    t.teardown(uninstrument);
    t.is(await call(t, app(), `/t/acme`, ['acme']), 200);
    const server = await serverSpan('/t/acme');
    t.is(server?.attributes['fluent_dynamo.tenant.id'], 'acme');
    const get = sdk.spansOf(table).find((s) => s.name === `GetItem ${table}`);
    t.is(get?.parentSpanContext?.spanId, server?.spanContext().spanId, "the get's span is a child of the request's");
    t.is(get?.attributes['fluent_dynamo.tenant.id'], 'acme');
  });

  test.serial(`${framework}: a refused tenant is not put on the span`, async (t) => {
    const uninstrument = instrument({ ...options, tenantAttribute: true });
    t.teardown(uninstrument);
    // alice may act for acme only: globex is refused (403) and never becomes the request's tenant.
    t.is(await call(t, app(), `/t/globex`, ['acme']), 403);
    const server = await serverSpan('/t/globex');
    t.truthy(server);
    t.false('fluent_dynamo.tenant.id' in (server?.attributes ?? {}));
  });

  for (const tenantAttribute of [false, undefined] as const) {
    test.serial(`${framework}: tenantAttribute ${tenantAttribute}: no tenant on the request span`, async (t) => {
      const chosen: InstrumentOptions = tenantAttribute === undefined ? options : { ...options, tenantAttribute };
      const uninstrument = instrument(chosen);
      t.teardown(uninstrument);
      t.is(await call(t, app(), `/t/acme`, ['acme']), 200);
      const server = await serverSpan('/t/acme');
      t.truthy(server);
      t.false('fluent_dynamo.tenant.id' in (server?.attributes ?? {}));
      t.is(sdk.spansOf(table).length, 1, 'the operation was instrumented');
    });
  }

  test.serial(`${framework}: after uninstrument(), the request span gets no tenant`, async (t) => {
    instrument({ ...options, tenantAttribute: true })();
    t.is(await call(t, app(), `/t/acme`, ['acme']), 200);
    const server = await serverSpan('/t/acme');
    t.truthy(server);
    t.false('fluent_dynamo.tenant.id' in (server?.attributes ?? {}));
  });
}
