/**
 * Heap per cached tenant of StsTenantClientProvider, in a process of its own
 * (run with --expose-gc) so that nothing else lives in the heap measured.
 *
 *   node --expose-gc build/bench/memory/heap-per-tenant.js [--tenants 10000] [--sts http://127.0.0.1:PORT]
 *
 * Caches N tenants (one AssumeRole each, 100 at a time; the README's options:
 * per-tenant role, session name, external id and two session tags; 700-character
 * session tokens) and prints one JSON line with the heap they added, per
 * tenant, between two full garbage collections. `npm run bench` starts the
 * local STS in its own process and passes `--sts`, so the STS's memory is not
 * counted; without `--sts` the script starts one in-process, and its table of
 * issued sessions (about 0.5 KB per tenant) is counted too.
 */
import { StsTenantClientProvider } from '../../src/index.js';
import { type LocalSts, startLocalSts } from '../../src/testing/local-sts/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface HeapResult {
  readonly tenants: number;
  readonly bytesPerTenant: number;
  readonly totalMiB: number;
  readonly secondsToCache: number;
  readonly heapUsedMiB: number;
  readonly stsInProcess: boolean;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('heap-per-tenant: run with node --expose-gc');
  process.exit(2);
}
function collect(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const count = Number(argument('tenants') ?? 10_000);
const given = argument('sts');
const own: LocalSts | undefined = given ? undefined : await startLocalSts();
const endpoint = given ?? (own as LocalSts).endpoint;

const provider = new StsTenantClientProvider({
  roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
  sessionName: (tenantId) => `tenant-${tenantId}-user-system`,
  durationSeconds: 3600,
  externalId: 'unique-external-id-12345',
  tags: (tenantId) => ({ TenantId: tenantId, UserId: 'unknown' }),
  sts: {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'app', secretAccessKey: 'app' },
    maxAttempts: 1,
  },
  dynamo: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
  maxCachedClients: count + 1,
  pruneIntervalSeconds: 0,
});
try {
  // The first tenant creates the per-region base client and warms the STS client: not a per-tenant cost.
  await provider.clientFor('warmup');
  const before = collect();
  const started = performance.now();
  const clients: unknown[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) => provider.clientFor(`tenant${i + j}`));
    clients.push(...(await Promise.all(batch)));
  }
  const seconds = (performance.now() - started) / 1000;
  own?.reset();
  const after = collect();
  if (provider.stats().cachedTenants !== count + 1) throw new Error(`expected ${count + 1} cached tenants`);
  const result: HeapResult = {
    tenants: count,
    bytesPerTenant: Math.round((after - before) / count),
    totalMiB: +((after - before) / 2 ** 20).toFixed(1),
    secondsToCache: +seconds.toFixed(2),
    heapUsedMiB: +(after / 2 ** 20).toFixed(1),
    stsInProcess: own !== undefined,
  };
  console.log(JSON.stringify(result));
  // Still referenced here, so that none of them was collected before the second measurement.
  if (clients.length !== count) throw new Error('lost clients');
} finally {
  await provider.close();
  await own?.stop();
}
