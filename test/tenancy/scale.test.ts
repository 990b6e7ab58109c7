// 10,000 cached tenants: one connection pool (one handler, one agent per protocol) for every scoped client and the
// STS client, and a heap cost within the documented budget (README: at most 8 KB per cached tenant).
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { STSClient } from '@aws-sdk/client-sts';
import test from 'ava';
import { testEndpoint } from '../support/dynamo.js';
import { cacheTenants } from './support/heap.js';
import { stackFor } from './support/stack.js';

const TENANTS = 10_000;
const BUDGET_BYTES_PER_TENANT = 8 * 1024;

test('10,000 cached tenants share one socket pool and stay within the memory budget', async (t) => {
  t.timeout(110_000);
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint(), { onEvent: undefined, maxCachedClients: TENANTS + 1 });
  await tenants.clientFor('warmup');
  const result = await cacheTenants(tenants, TENANTS, { between: () => stack.sts.reset() });
  t.log(`${result.bytesPerTenant} bytes per cached tenant; ${TENANTS} tenants cached in ${result.seconds}s`);
  t.true(result.bytesPerTenant <= BUDGET_BYTES_PER_TENANT, `${result.bytesPerTenant} bytes per tenant`);
  t.is(tenants.stats().cachedTenants, TENANTS + 1);
  t.is(new Set(result.clients).size, TENANTS);

  const handlers = new Set([
    ...result.clients.map((c) => c.config.requestHandler),
    (tenants.stsClient as STSClient).config.requestHandler,
  ]);
  t.is(handlers.size, 1, 'one handler for 10,000 scoped clients and the STS client');
  t.is([...handlers][0], tenants.httpHandler);

  // Some of them talk to DynamoDB: the same agent carries STS and DynamoDB traffic, within maxSockets per host.
  // (20 of them: every new access key id makes DynamoDB Local create a database.)
  await Promise.all(result.clients.slice(0, 20).map((c) => c.send(new ListTablesCommand({ Limit: 1 }))));
  const agent = tenants.httpHandler.httpAgent;
  const origins = new Set([...Object.keys(agent.sockets), ...Object.keys(agent.freeSockets)]);
  t.deepEqual(
    [...origins].sort(),
    [stack.sts.endpoint, testEndpoint()].map((e) => `${new URL(e).hostname}:${new URL(e).port}:`).sort(),
  );
  for (const origin of origins) {
    const open = (agent.sockets[origin]?.length ?? 0) + (agent.freeSockets[origin]?.length ?? 0);
    t.true(open <= tenants.httpHandler.options.maxSockets, `${origin}: ${open} sockets`);
  }
});
