import { contextStorage, type TenantScope } from '../context/context-storage.js';
import { InvalidRequestError } from '../errors/errors.js';

export type { TenantScope } from '../context/context-storage.js';

/** What runInTenantScope() needs: the tenant, and how its keys look. */
export interface TenantScopeOptions {
  /** The tenant the call tree acts for (a non-empty string). */
  readonly tenantId: string;
  /** The partition-key prefix the tenant owns (default `TENANT#<tenantId>`). */
  readonly keyPrefix?: string;
  /** What may follow the prefix in a longer key (default `#`): `TENANT#acme#USER#1` is acme's, `TENANT#acme2` is not. */
  readonly separator?: string;
  /** Scans read every tenant's items; they are refused in a scope unless allowed here. */
  readonly allowScan?: boolean;
  /** The entity property a put fills in from the scope when it is unset (default `tenantId`). */
  readonly tenantProperty?: string;
}

/**
 * Characters that would make a tenant id reach into other tenants' keys, patterns or ARNs; lone surrogates
 * (`\p{Cs}`) too: a string that is not well-formed Unicode may be stored as another tenant's.
 */
const UNSAFE_CHARACTER = /[#*?/:\s\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * The part of `separator` that repeats at its start, when a tenant id could hold it: with `--`, tenant `a-`'s
 * keys (`a-` + `--`...) start with `a--`, so tenant `a` would own them. A separator with no such part
 * (`#`, `|`, `-#-`) cannot be completed by a tenant id that does not contain it.
 */
export function separatorOverlap(separator: string): string | undefined {
  for (let period = 1; period < separator.length; period++) {
    if (separator.slice(period) !== separator.slice(0, separator.length - period)) continue;
    const unit = separator.slice(0, period);
    if (!UNSAFE_CHARACTER.test(unit)) return unit;
  }
  return undefined;
}

/**
 * The scope of `options`, checked: a tenant id that could reach into other
 * tenants' keys throws InvalidRequestError. The tenant middleware calls it
 * before anything else is asked (a 400), runInTenantScope on entry.
 */
export function tenantScopeOf(options: TenantScopeOptions): TenantScope {
  const { tenantId } = options;
  if (typeof tenantId !== 'string' || tenantId.length === 0 || UNSAFE_CHARACTER.test(tenantId)) {
    throw new InvalidRequestError(
      `runInTenantScope: tenant id ${JSON.stringify(tenantId)} is empty or contains #, *, ?, /, :, whitespace, control characters or lone surrogates`,
    );
  }
  const keyPrefix = options.keyPrefix ?? `TENANT#${tenantId}`;
  const separator = options.separator ?? '#';
  if (keyPrefix.length === 0 || separator.length === 0)
    throw new InvalidRequestError('runInTenantScope: empty keyPrefix or separator');
  // What follows the tenant id in its longer keys: the rest of a custom prefix (`T#${id}ab`), then the separator.
  const at = keyPrefix.lastIndexOf(tenantId);
  const follows = (at < 0 ? '' : keyPrefix.slice(at + tenantId.length)) + separator;
  const overlap = separatorOverlap(follows);
  if (overlap !== undefined) {
    throw new InvalidRequestError(
      `runInTenantScope: ${follows === separator ? `separator ${JSON.stringify(separator)}` : `what follows the tenant id in its keys (${JSON.stringify(follows)}, the rest of keyPrefix and the separator)`} overlaps itself: tenant ` +
        `${JSON.stringify(tenantId + overlap)}'s keys would start with this tenant's prefix and separator; ` +
        "use a separator that does not repeat its start, such as '#'",
    );
  }
  // Tenant `a` would otherwise own tenant `a<separator>b`'s keys.
  if (tenantId.includes(separator)) {
    throw new InvalidRequestError(
      `runInTenantScope: tenant id ${JSON.stringify(tenantId)} contains the key separator ${JSON.stringify(separator)}`,
    );
  }
  const longer = keyPrefix + separator;
  return {
    tenantId,
    keyPrefix,
    separator,
    allowScan: options.allowScan ?? false,
    tenantProperty: options.tenantProperty ?? 'tenantId',
    owns: (value) => value?.S !== undefined && (value.S === keyPrefix || value.S.startsWith(longer)),
  };
}

/**
 * Runs `fn` as `tenantId`: every request fluent-dynamo builds inside it is
 * checked before sending, and a partition key that is not the tenant's
 * throws TenantIsolationError (the client-side mirror of IAM's
 * `dynamodb:LeadingKeys`, and a defence where IAM is not set up). Scans are
 * refused unless `allowScan`. The ambient client (runWithClient) is kept;
 * the bind helpers and runWithoutClient capture or clear both together.
 */
export function runInTenantScope<R>(options: TenantScopeOptions, fn: () => R): R {
  const scope = tenantScopeOf(options);
  // One context holds client and scope: the ambient client stays.
  const outer = contextStorage.getStore();
  return contextStorage.run(
    { client: outer?.client, scope, tenantId: scope.tenantId, clientTenant: outer?.clientTenant },
    fn,
  );
}

/** The innermost tenant scope around the caller, if any. */
export function currentTenantScope(): TenantScope | undefined {
  return contextStorage.getStore()?.scope;
}
