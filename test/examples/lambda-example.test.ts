// examples/lambda: the handler invoked as Lambda invokes it, with API Gateway REST proxy events (Cognito user pool
// authorizer claims), against a local STS and the DynamoDB Local of `npm test`. Each tenant's STS session is a
// database of its own in DynamoDB Local, and the repository's own client points at a database without the users
// table: a read that left its tenant would fail or find other data.
import test from 'ava';
import type { ApiGatewayEvent } from '../../examples/lambda/api-gateway.js';
import { createHandler } from '../../examples/lambda/handler.js';
import { demoUser, seedUsers } from '../../examples/local-development/demo-users.js';
import { User } from '../../examples/shared/user.js';
import { Repository, StsTenantClientProvider, type TenantPrincipal } from '../../src/index.js';
import { startLocalSts } from '../../src/testing/index.js';
import { testClient, testEndpoint } from '../support/dynamo.js';

const region = process.env.DYNAMODB_REGION ?? 'us-east-1';

/** An API Gateway (REST API, Lambda proxy integration) event as Lambda receives it. */
function apiGatewayEvent(path: string, claims: Record<string, string> | undefined): ApiGatewayEvent {
  const [, , tenantId, , userId] = path.split('/');
  return {
    resource: '/tenants/{tenantId}/users/{userId}',
    path,
    httpMethod: 'GET',
    headers: { Accept: 'application/json', Host: 'abc123.execute-api.us-east-1.amazonaws.com' },
    multiValueHeaders: { Accept: ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { tenantId, userId },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      httpMethod: 'GET',
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      resourcePath: '/tenants/{tenantId}/users/{userId}',
      stage: 'prod',
      identity: { sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      ...(claims ? { authorizer: { claims } } : {}),
    },
    body: null,
    isBase64Encoded: false,
  } as ApiGatewayEvent;
}

const alice = { sub: 'alice', 'cognito:username': 'alice', 'custom:tenants': 'acme', token_use: 'id' };

async function lambda(t: { teardown(fn: () => Promise<void> | void): void }, retryBackoffSeconds?: number) {
  const sts = await startLocalSts({ clock: { frozen: true } });
  const tenants = new StsTenantClientProvider<TenantPrincipal>({
    roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
    sts: sts.clientConfig('app'),
    dynamo: { endpoint: testEndpoint(), region },
    clock: () => sts.clock.now(),
    pruneIntervalSeconds: 0,
    ...(retryBackoffSeconds !== undefined ? { retryBackoffSeconds, negativeCacheSeconds: retryBackoffSeconds } : {}),
  });
  const defaultClient = testClient();
  t.teardown(async () => {
    await tenants.close();
    defaultClient.destroy();
    await sts.stop();
  });
  await seedUsers(await tenants.clientFor('acme'), [demoUser('carol', 'acme.example')]);
  await seedUsers(await tenants.clientFor('globex'), [demoUser('bob', 'globex.example')]);
  const handler = createHandler({ users: new Repository(User, defaultClient), tenants });
  return { handler, sts };
}

test('a user of the caller tenant: 200 with the item, read with the tenant role', async (t) => {
  const { handler, sts } = await lambda(t);
  const result = await handler(apiGatewayEvent('/tenants/acme/users/carol', alice));
  t.is(result.statusCode, 200);
  t.like(JSON.parse(result.body), { userId: 'carol', email: 'carol@acme.example' });
  t.true(sts.assumeRoleCalls('arn:aws:iam::123456789012:role/TenantRole-acme').length > 0);
});

test("another tenant's user through the caller's tenant path is not found; an unknown user is a 404", async (t) => {
  const { handler } = await lambda(t);
  t.is((await handler(apiGatewayEvent('/tenants/acme/users/bob', alice))).statusCode, 404);
  t.is((await handler(apiGatewayEvent('/tenants/acme/users/nobody', alice))).statusCode, 404);
});

test('a tenant the claims do not list is refused with 403 before any AssumeRole', async (t) => {
  const { handler, sts } = await lambda(t);
  const before = sts.assumeRoleCalls().length;
  const result = await handler(apiGatewayEvent('/tenants/globex/users/bob', alice));
  t.is(result.statusCode, 403);
  t.notRegex(result.body, /bob@globex/);
  t.is(sts.assumeRoleCalls().length, before, 'no AssumeRole for a tenant the caller does not belong to');
});

test('without authorizer claims: 401', async (t) => {
  const { handler } = await lambda(t);
  t.is((await handler(apiGatewayEvent('/tenants/acme/users/carol', undefined))).statusCode, 401);
});

test('a warm Lambda assumes each tenant role once across invocations', async (t) => {
  const { handler, sts } = await lambda(t);
  await handler(apiGatewayEvent('/tenants/acme/users/carol', alice));
  const after = sts.assumeRoleCalls().length;
  for (let i = 0; i < 5; i++)
    t.is((await handler(apiGatewayEvent('/tenants/acme/users/carol', alice))).statusCode, 200);
  t.is(sts.assumeRoleCalls().length, after);
});

test("STS throttled for the caller's tenant: 503 with Retry-After as long as the provider's remaining backoff", async (t) => {
  const { handler, sts } = await lambda(t, 7);
  const dana = { ...alice, sub: 'dana', 'cognito:username': 'dana', 'custom:tenants': 'initech' };
  sts.failNext('Throttling', { times: Number.POSITIVE_INFINITY });
  const first = await handler(apiGatewayEvent('/tenants/initech/users/dana', dana));
  t.is(first.statusCode, 503);
  t.truthy(first.headers?.['retry-after']);
  // The provider now remembers the failure for its backoff and does not ask STS again until it has run out.
  const again = await handler(apiGatewayEvent('/tenants/initech/users/dana', dana));
  t.is(again.statusCode, 503);
  t.is(again.headers?.['retry-after'], '7');
});
