import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SpanKind } from '@opentelemetry/api';
import test from 'ava';
import type { NextFunction, Request, Response } from 'express';
import { createTable, Repository } from '../../src/index.js';
import { FluentDynamoModule, TenantScoped } from '../../src/nestjs/index.js';
import { instrument } from '../../src/otel/instrument.js';
import { as, fetchJson } from '../middleware/support/http.js';
import { TestAuthGuard } from '../nestjs/support/test-auth.guard.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Note, note } from './support/notes.js';
import { OtelSdk } from './support/otel-sdk.js';

// NestJS: @TenantScoped() resolves the tenant with the middleware's resolver, so the request's span (here
// made by an Express middleware of the app, as an HTTP instrumentation would) gets the tenant too.

const client = testClient();
const sdk = new OtelSdk();
const table = uniqueTableName('otel-nest');
const notes = new Repository(Note, { client, tableName: table });
const tracer = sdk.tracerProvider.getTracer('http-server');

@Controller('t/:tenantId')
@UseGuards(TestAuthGuard)
@TenantScoped()
class NotesController {
  @Get()
  async get() {
    const { item } = await notes.get.withKey({ owner: 'n', seq: 1 }).execute();
    return { seq: item?.seq };
  }
}

test.before(async () => {
  await createTable(client, Note, { tableName: table });
  await notes.put.withItem(note('n', 1)).execute();
});

test.after.always(() => sdk.shutdown());

test('@TenantScoped(): with tenantAttribute, the request span gets the granted tenant', async (t) => {
  const uninstrument = instrument({
    tracerProvider: sdk.tracerProvider,
    meterProvider: sdk.meterProvider,
    tenantAttribute: 'spans',
  });
  t.teardown(uninstrument);
  const moduleRef = await Test.createTestingModule({
    imports: [FluentDynamoModule.forRoot({ client, tenants: { clientFor: async () => client } })],
    controllers: [NotesController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.use((req: Request, res: Response, next: NextFunction) =>
    tracer.startActiveSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER }, (span) => {
      res.on('close', () => span.end());
      next();
    }),
  );
  await app.listen(0, '127.0.0.1');
  t.teardown(() => app.close());
  const { port } = app.getHttpServer().address() as AddressInfo;

  const answer = await fetchJson(`http://127.0.0.1:${port}/t/acme`, { headers: as('alice', ['acme']) });
  t.is(answer.status, 200);
  t.deepEqual(answer.body, { seq: 1 });
  let server = sdk.spans().find((s) => s.kind === SpanKind.SERVER);
  for (let i = 0; i < 100 && !server; i++) {
    await sleep(10);
    server = sdk.spans().find((s) => s.kind === SpanKind.SERVER);
  }
  t.is(server?.attributes['fluent_dynamo.tenant.id'], 'acme');
  const get = sdk.spansOf(table).find((s) => s.name === `GetItem ${table}`);
  t.is(get?.parentSpanContext?.spanId, server?.spanContext().spanId);
  t.is(get?.attributes['fluent_dynamo.tenant.id'], 'acme');
});
