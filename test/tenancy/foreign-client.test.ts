// A tenant's scoped client kept past its request (a module variable, a cache) and used in another tenant's request:
// it would sign with its own tenant's STS session while the operation's events and metering name the request's
// tenant. It is refused before anything is sent; used in its own tenant's context, or outside any tenant context
// (a background job), it works as its own tenant's.
// Serial: onOperation and the meter see every operation of the process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import express, { type Request } from 'express';
import {
  Attribute,
  CapacityMeter,
  currentClient,
  type OperationEvent,
  onOperation,
  PartitionKey,
  Repository,
  runInTenantScope,
  runWithClient,
  Table,
  TenantIsolationError,
} from '../../src/index.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import type { TenantEvent } from '../../src/tenancy/index.js';
import { as, fetchJson, principalFrom, serve } from '../middleware/support/http.js';
import { recordingClient } from '../support/recording-client.js';
import { member, stackFor } from './support/stack.js';

/** A stand-in for DynamoDB: counts the requests that reach it and the access key each is signed with. */
async function fakeDynamo(t: ExecutionContext) {
  const keys: string[] = [];
  const server = createServer((req, res) => {
    keys.push(/Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({ ConsumedCapacity: { TableName: 'fc-docs', CapacityUnits: 7, Table: { CapacityUnits: 7 } } }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys };
}

@Table('fc-docs')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#DOC#{docId}' })
class FcDoc {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
}

/** A provider on a fake DynamoDB, with everything that attributes an operation to a tenant recording. */
async function setUp(t: ExecutionContext) {
  const stack = await stackFor(t);
  const dynamo = await fakeDynamo(t);
  const providerEvents: TenantEvent[] = [];
  const tenants = stack.provider(dynamo.endpoint, {
    isolation: { applicationClientFallback: 'allow' },
    onEvent: (event) => providerEvents.push(event),
  });
  const docs = new Repository(FcDoc, recordingClient().client);
  const meter = new CapacityMeter().start();
  t.teardown(() => meter.stop());
  const events: OperationEvent[] = [];
  t.teardown(onOperation((event) => events.push(event)));
  const providerOperations = () =>
    providerEvents.filter((e) => e.type === 'operation').map((e) => [e.tenantId, e.code ?? 'ok']);
  return { stack, dynamo, tenants, docs, meter, events, providerOperations };
}

/** acme's client, as a service that keeps "its" client from the first request it served would have it. */
async function keptAcmeClient(tenants: Awaited<ReturnType<typeof setUp>>['tenants']): Promise<DynamoDBClient> {
  let kept: DynamoDBClient | undefined;
  await tenants.run('acme', member('alice', 'acme'), async () => {
    kept = currentClient();
  });
  return kept as DynamoDBClient;
}

const REFUSED = {
  instanceOf: TenantIsolationError,
  message: /tenant acme's DynamoDB client was used in tenant globex's context/,
};

test.serial(
  "acme's client inside globex's run() is refused before sending, and nothing is billed to globex",
  async (t) => {
    const { dynamo, tenants, docs, meter, events, providerOperations } = await setUp(t);
    const acme = await keptAcmeClient(tenants);
    const error = await t.throwsAsync(
      tenants.run('globex', member('mallory', 'globex'), () =>
        runWithClient(acme, () => docs.get.withKey({ tenantId: 'globex', docId: 'd1' }).execute()),
      ),
      REFUSED,
    );
    t.regex(error?.message ?? '', /currentClient\(\)/, 'the message says where to take the client from');
    t.is(error?.tenantId, 'acme');
    t.is(error?.operation, 'GetItem');
    t.is(dynamo.keys.length, 0, 'nothing reached DynamoDB');
    t.deepEqual(meter.snapshot(), [], 'no capacity to bill anyone');
    t.deepEqual(
      events.map((e) => [e.tenantId, e.error?.name]),
      [['globex', 'TenantIsolationError']],
      'globex is only reported as having tried',
    );
    t.deepEqual(providerOperations(), [['acme', 'TenantIsolationError']], "the provider reports its client's tenant");

    // Passed explicitly, and sent with the SDK directly: refused the same way.
    await t.throwsAsync(
      tenants.run('globex', member('mallory', 'globex'), () =>
        docs.get.withKey({ tenantId: 'globex', docId: 'd1' }).withClient(acme).execute(),
      ),
      REFUSED,
    );
    await t.throwsAsync(
      tenants.run('globex', member('mallory', 'globex'), () =>
        acme.send(new GetItemCommand({ TableName: 'fc-docs', Key: { pk: { S: 'TENANT#globex#DOC#d1' } } })),
      ),
      REFUSED,
    );
    // A client with a middleware stack of its own (read once, as a DynamoDBDocumentClient does) is no way around it.
    t.truthy(acme.middlewareStack);
    await t.throwsAsync(
      tenants.run('globex', member('mallory', 'globex'), () =>
        acme.send(new GetItemCommand({ TableName: 'fc-docs', Key: { pk: { S: 'TENANT#globex#DOC#d1' } } })),
      ),
      REFUSED,
    );
    t.is(dynamo.keys.length, 0);
  },
);

test.serial("acme's client inside globex's runInTenantScope is refused before sending", async (t) => {
  const { dynamo, tenants, docs, meter } = await setUp(t);
  const acme = await keptAcmeClient(tenants);
  await t.throwsAsync(
    runInTenantScope({ tenantId: 'globex' }, () =>
      docs.get.withKey({ tenantId: 'globex', docId: 'd1' }).withClient(acme).execute(),
    ),
    REFUSED,
  );
  await t.throwsAsync(
    runInTenantScope({ tenantId: 'globex' }, () =>
      acme.send(new GetItemCommand({ TableName: 'fc-docs', Key: { pk: { S: 'TENANT#globex#DOC#d1' } } })),
    ),
    REFUSED,
  );
  t.is(dynamo.keys.length, 0);
  t.deepEqual(meter.snapshot(), []);
});

test.serial(
  "acme's client kept by a service and used in globex's request through the middleware is refused",
  async (t) => {
    const { dynamo, tenants, docs, meter, events } = await setUp(t);
    let kept: DynamoDBClient | undefined;
    const app = express();
    app.get(
      '/t/:tenantId/docs/:docId',
      expressTenantContext({ provider: tenants, principal: (req: Request) => principalFrom((n) => req.get(n)) }),
      async (req, res, next) => {
        try {
          // The bug the attack rides on: the service caches the first client it was given.
          kept ??= currentClient();
          const { item } = await runWithClient(kept as DynamoDBClient, () =>
            docs.get.withKey({ tenantId: req.params.tenantId as string, docId: req.params.docId as string }).execute(),
          );
          res.json({ item: item ?? null });
        } catch (error) {
          next(error);
        }
      },
    );
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error instanceof TenantIsolationError ? 403 : 500).json({ error: (error as Error).name });
    });
    const served = await serve(app);
    t.teardown(() => served.close());

    const own = await fetchJson(served.url('/t/acme/docs/d1'), { headers: as('alice', ['acme']) });
    t.is(own.status, 200, "acme's request works");
    t.is(dynamo.keys.length, 1);
    const foreign = await fetchJson(served.url('/t/globex/docs/d1'), { headers: as('mallory', ['globex']) });
    t.deepEqual([foreign.status, foreign.body], [403, { error: 'TenantIsolationError' }]);
    t.is(dynamo.keys.length, 1, "globex's request sent nothing");
    t.deepEqual(
      meter.snapshot().map((u) => u.tenantId),
      ['acme'],
      "only acme's own request is billed",
    );
    t.deepEqual(
      events.map((e) => [e.tenantId, e.error?.name ?? 'ok']),
      [
        ['acme', 'ok'],
        ['globex', 'TenantIsolationError'],
      ],
    );
  },
);

test.serial("acme's client works in acme's context and outside any tenant context, attributed to acme", async (t) => {
  const { stack, dynamo, tenants, docs, meter, events, providerOperations } = await setUp(t);
  const acme = await keptAcmeClient(tenants);
  await tenants.run('acme', member('alice', 'acme'), () =>
    runWithClient(acme, () => docs.get.withKey({ tenantId: 'acme', docId: 'd1' }).execute()),
  );
  await runInTenantScope({ tenantId: 'acme' }, () =>
    docs.get.withKey({ tenantId: 'acme', docId: 'd1' }).withClient(acme).execute(),
  );
  // A background job, in no tenant's context: the client is its own tenant's.
  await docs.get.withKey({ tenantId: 'acme', docId: 'd1' }).withClient(acme).execute();
  await acme.send(new GetItemCommand({ TableName: 'fc-docs', Key: { pk: { S: 'TENANT#acme#DOC#d1' } } }));

  const acmeKeys = stack.sts
    .assumeRoleCalls()
    .flatMap((c) => (c.outcome.ok && c.outcome.accessKeyId ? [c.outcome.accessKeyId] : []));
  t.is(dynamo.keys.length, 4);
  t.true(
    dynamo.keys.every((key) => acmeKeys.includes(key)),
    "signed with acme's session",
  );
  t.deepEqual(
    events.map((e) => [e.tenantId, e.error?.name ?? 'ok']),
    [
      ['acme', 'ok'],
      ['acme', 'ok'],
      [undefined, 'ok'],
    ],
    'the builders report the context they ran in',
  );
  t.deepEqual(providerOperations(), [
    ['acme', 'ok'],
    ['acme', 'ok'],
    ['acme', 'ok'],
  ]);
  t.deepEqual(
    meter.snapshot().map((u) => u.tenantId),
    [undefined, 'acme'],
  );
});

test.serial(
  "acme's client inside runWithClient(globex's client) is refused, however it is slipped in; globex's own works",
  async (t) => {
    const { dynamo, tenants, docs } = await setUp(t);
    const acme = await keptAcmeClient(tenants);
    const globex = await tenants.clientFor('globex', member('mallory', 'globex'));
    const get = new GetItemCommand({ TableName: 'fc-docs', Key: { pk: { S: 'TENANT#globex#DOC#d1' } } });
    // The README's pattern: globex's work runs in runWithClient(globex's client), no tenant middleware around it.
    await t.throwsAsync(
      runWithClient(globex, () => docs.get.withKey({ tenantId: 'globex', docId: 'd1' }).withClient(acme).execute()),
      REFUSED,
    );
    await t.throwsAsync(
      runWithClient(globex, () =>
        runWithClient(acme, () => docs.get.withKey({ tenantId: 'globex', docId: 'd1' }).execute()),
      ),
      REFUSED,
      "a runWithClient of its own does not make it the context's client",
    );
    await t.throwsAsync(
      runWithClient(globex, () => acme.send(get)),
      REFUSED,
    );
    t.is(dynamo.keys.length, 0, 'nothing reached DynamoDB');
    await runWithClient(globex, () => docs.get.withKey({ tenantId: 'globex', docId: 'd1' }).execute());
    t.is(dynamo.keys.length, 1);
  },
);

test.serial("a pooled tenant served with the pool's client (the middleware's clientFor) is not refused", async (t) => {
  const { dynamo, tenants, docs } = await setUp(t);
  const app = express();
  app.get(
    '/t/:tenantId/docs/:docId',
    expressTenantContext({
      // Small tenants share the pool's STS session: the request's tenant is smallco, its client the pool's.
      clientFor: () => tenants.clientFor('pool'),
      principal: (req: Request) => principalFrom((n) => req.get(n)),
    }),
    async (req, res, next) => {
      try {
        await docs.get
          .withKey({ tenantId: req.params.tenantId as string, docId: req.params.docId as string })
          .execute();
        res.json({ ok: true });
      } catch (error) {
        next(error);
      }
    },
  );
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: (error as Error).name });
  });
  const served = await serve(app);
  t.teardown(() => served.close());
  const answer = await fetchJson(served.url('/t/smallco/docs/d1'), { headers: as('alice', ['smallco']) });
  t.deepEqual([answer.status, answer.body], [200, { ok: true }]);
  t.is(dynamo.keys.length, 1);
});
