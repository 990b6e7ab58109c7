// Heap per cached tenant of StsTenantClientProvider (for the benchmark suite, issue 8).
//
//   npx tsc -p tsconfig.json && node build/test/tenancy/heap-per-tenant.js [tenants=10000]
//
// Caches N tenants through the local STS (one AssumeRole each, realistic 700-character session tokens) and prints
// the heap added per tenant after full garbage collections. The local STS runs in the same process: its record of
// calls is dropped before measuring, its table of issued sessions (about 0.5 KB per tenant) is counted, so the
// figure slightly overstates the provider's own cost.
import { cacheTenants } from './support/heap.js';
import { TenancyStack } from './support/stack.js';

const count = Number(process.argv[2] ?? 10_000);
const stack = await TenancyStack.start();
try {
  const provider = stack.provider('http://127.0.0.1:9', { onEvent: undefined, maxCachedClients: count + 1 });
  await provider.clientFor('warmup');
  const result = await cacheTenants(provider, count, { between: () => stack.sts.reset() });
  const handlers = new Set(result.clients.map((c) => c.config.requestHandler));
  console.log(
    JSON.stringify({
      tenants: result.tenants,
      bytesPerTenant: result.bytesPerTenant,
      totalMiB: +((result.bytesPerTenant * count) / 2 ** 20).toFixed(1),
      secondsToCache: result.seconds,
      distinctHandlers: handlers.size,
      heapUsedMiB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1),
    }),
  );
} finally {
  await stack.stop();
}
