// The plain-container example (examples/di/tsyringe.ts) against a local STS and the DynamoDB Local of `npm test`
// (no sharedDb: each tenant's STS session is its own database, so a call that ran on another tenant's client, or on
// the default client, would read the wrong database).
// Before tsyringe, which checks for the Reflect polyfill when it loads.
import 'reflect-metadata';
import test from 'ava';
import { container } from 'tsyringe';
import { closeFluentDynamo, registerFluentDynamo, TENANTS, USERS, UserService } from '../../examples/di/tsyringe.js';
import { demoUser, seedUsers } from '../../examples/local-development/demo-users.js';
import { User } from '../../examples/shared/user.js';
import {
  ConditionalCheckFailedError,
  createDynamoClient,
  type StsTenantClientProvider,
  TenantAccessDeniedError,
  type TenantPrincipal,
} from '../../src/index.js';
import { startLocalSts } from '../../src/testing/index.js';
import { randomAlphanumeric, testEndpoint } from '../support/dynamo.js';

const region = process.env.DYNAMODB_REGION ?? 'us-east-1';
const alice: TenantPrincipal = { userId: 'alice', tenants: ['acme'] };
const bob: TenantPrincipal = { userId: 'bob', tenants: ['globex'] };

/** A child container wired as the example does, on a local STS; torn down with the test. */
async function wired(t: { teardown(fn: () => Promise<void>): void }) {
  const sts = await startLocalSts({ clock: { frozen: true } });
  const child = registerFluentDynamo(container.createChildContainer(), {
    client: createDynamoClient({
      endpoint: testEndpoint(),
      region,
      credentials: { accessKeyId: `d${randomAlphanumeric(12)}`, secretAccessKey: 'x' },
    }),
    tenants: {
      roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
      sts: sts.clientConfig('app'),
      dynamo: { endpoint: testEndpoint(), region },
      clock: () => sts.clock.now(),
    },
  });
  t.teardown(async () => {
    await closeFluentDynamo(child);
    await sts.stop();
  });
  const tenants = child.resolve<StsTenantClientProvider<TenantPrincipal>>(TENANTS);
  await seedUsers(await tenants.clientFor('acme'), [
    demoUser('carol', 'acme.example'),
    demoUser('dave', 'acme.example', { status: 'inactive' }),
  ]);
  await seedUsers(await tenants.clientFor('globex'), [demoUser('bob', 'globex.example')]);
  return { child, tenants, sts };
}

test('the service and the repository are singletons of the container', async (t) => {
  const { child } = await wired(t);
  t.is(child.resolve(UserService), child.resolve(UserService));
  t.is(child.resolve(USERS), child.resolve(USERS));
});

test("get, query by status and conditional create run on each tenant's own data", async (t) => {
  const { child } = await wired(t);
  const users = child.resolve(UserService);
  t.is((await users.getUser('acme', 'carol', alice))?.email, 'carol@acme.example');
  t.is(await users.getUser('globex', 'carol', bob), undefined, "acme's carol is not globex's");
  t.deepEqual(
    (await users.queryUsersByStatus('acme', 'active', alice)).items.map((u) => u.userId),
    ['carol'],
  );
  const frank = demoUser('frank', 'acme.example');
  t.like(await users.createUser('acme', frank, alice), { userId: 'frank', version: 1 });
  await t.throwsAsync(users.createUser('acme', frank, alice), { instanceOf: ConditionalCheckFailedError });
  t.is(await users.getUser('globex', 'frank', bob), undefined);
  t.true((await users.getUser('acme', 'frank', alice)) instanceof User);
});

test('a foreign tenant is refused before any STS call; interleaved calls of two tenants stay apart', async (t) => {
  const { child, sts } = await wired(t);
  const users = child.resolve(UserService);
  const before = sts.assumeRoleCalls().length;
  await t.throwsAsync(users.getUser('globex', 'bob', alice), { instanceOf: TenantAccessDeniedError });
  t.is(sts.assumeRoleCalls().length, before);
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0 ? users.getUser('acme', 'carol', alice) : users.getUser('globex', 'bob', bob),
    ),
  );
  t.deepEqual(
    answers.map((u) => u?.email),
    answers.map((_, i) => (i % 2 === 0 ? 'carol@acme.example' : 'bob@globex.example')),
  );
});

test('closeFluentDynamo closes the provider', async (t) => {
  const sts = await startLocalSts();
  t.teardown(() => sts.stop());
  const child = registerFluentDynamo(container.createChildContainer(), {
    client: createDynamoClient({ region }),
    tenants: { roleArn: (tenantId) => `arn:aws:iam::123456789012:role/T-${tenantId}`, sts: sts.clientConfig() },
  });
  const tenants = child.resolve<StsTenantClientProvider<TenantPrincipal>>(TENANTS);
  await closeFluentDynamo(child);
  t.true(tenants.closed);
});
