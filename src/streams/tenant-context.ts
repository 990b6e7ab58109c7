import { StreamRecordError } from '../errors/errors.js';
import { isolationScope, type TenantIsolationOptions } from '../isolation/isolation-option.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import { tenantIsolationError } from '../tenancy/tenant-errors.js';
import type { StreamChange } from './change-record.js';
import { sdkImage } from './sdk-image.js';

/**
 * What runs a function as a tenant: `StsTenantClientProvider` is one. `run` makes the tenant's client the
 * ambient client (`runWithClient`) and, with the provider's `isolation` option, enters the tenant key guard.
 */
export interface TenantRunner<P = never> {
  /** Runs `fn` as `tenantId` (for `principal`, or for the system when undefined) and resolves to its result. */
  run<R>(tenantId: string, principal: P | undefined, fn: () => R | PromiseLike<R>): Promise<Awaited<R>>;
  /** The tenant key guard options `run` enters; they name the tenant property the default `tenantOf` reads. */
  readonly isolation?: TenantIsolationOptions | undefined;
}

/** The `tenants` option of the stream handlers: who runs each change as its tenant, and how to tell its tenant. */
export interface StreamTenantOptions<P = never> {
  /** Runs each record (or tenant batch) as its tenant: the tenant's scoped client and key guard. */
  provider: TenantRunner<P>;
  /**
   * The tenant of a change. Default: the key property the provider's isolation names as the tenant
   * property (`tenantId` by default), read from the record's keys, e.g. `TENANT#{tenantId}#...`.
   */
  tenantOf?: (change: StreamChange) => string | undefined;
  /** The principal to run as (default none: the system, as `provider.run(tenantId, undefined, fn)`). */
  principal?: (tenantId: string) => P | undefined;
}

/** How the handlers enter a change's tenant: resolved once per handler. */
export interface TenantEntry {
  /** The tenant of `change`; StreamRecordError when it has none, TenantIsolationError when its key is not the tenant's. */
  tenantOf(change: StreamChange): string;
  run<R>(tenantId: string, fn: () => R | PromiseLike<R>): Promise<Awaited<R>>;
}

export function tenantEntry<P>(options: StreamTenantOptions<P>): TenantEntry {
  const { provider } = options;
  const isolation = provider.isolation;
  const property = isolation?.tenantProperty ?? 'tenantId';
  const read =
    options.tenantOf ??
    ((change: StreamChange) => {
      const value = (change.keys as Record<string, unknown>)[property];
      return typeof value === 'string' ? value : undefined;
    });
  return {
    tenantOf(change) {
      const tenantId = read(change);
      if (typeof tenantId !== 'string' || tenantId.length === 0) {
        throw new StreamRecordError(
          `stream record ${change.sequenceNumber} of table ${change.table}: no tenant (its ${change.entity.name} keys have no ${property})`,
          'no-tenant',
          change.sequenceNumber,
          { table: change.table, entity: change.entity.name },
        );
      }
      // With isolation, the record's partition key must be the tenant's own: a record never runs as a
      // tenant whose data it is not, whatever tenantOf says.
      const scope = isolationScope(tenantId, isolation);
      if (scope) {
        const attribute = entityMetadata(change.entity).partitionKey.attribute;
        const stored = change.record.dynamodb?.Keys?.[attribute];
        if (!stored || !scope.owns(sdkImage({ [attribute]: stored })[attribute])) {
          throw tenantIsolationError(
            `stream record ${change.sequenceNumber} of table ${change.table}: its partition key is not tenant ${tenantId}'s; it was not run`,
            { tenantId, table: change.table },
          );
        }
      }
      return tenantId;
    },
    run: (tenantId, fn) => provider.run(tenantId, options.principal?.(tenantId), fn),
  };
}
