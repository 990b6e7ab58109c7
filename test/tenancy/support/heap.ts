import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StsTenantClientProvider } from '../../../src/tenancy/index.js';
import type { User } from './stack.js';

/** A full garbage collection, with or without --expose-gc. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

export interface HeapMeasurement {
  readonly tenants: number;
  readonly bytesPerTenant: number;
  readonly seconds: number;
  readonly clients: DynamoDBClient[];
}

/**
 * Caches `count` tenants in `provider` (one AssumeRole each, `concurrency` at a
 * time) and measures the heap they added, per tenant, after full collections.
 * `between` runs before the second measurement (e.g. to drop the local STS's
 * call record, which is the STS's memory, not the provider's).
 */
export async function cacheTenants(
  provider: StsTenantClientProvider<User>,
  count: number,
  options: { concurrency?: number; prefix?: string; between?: () => void } = {},
): Promise<HeapMeasurement> {
  const concurrency = options.concurrency ?? 100;
  const prefix = options.prefix ?? 'tenant';
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const started = Date.now();
  const clients: DynamoDBClient[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - i) }, (_, j) =>
      provider.clientFor(`${prefix}${i + j}`),
    );
    clients.push(...(await Promise.all(batch)));
  }
  const seconds = (Date.now() - started) / 1000;
  options.between?.();
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  return { tenants: count, bytesPerTenant: Math.round((after - before) / count), seconds, clients };
}
