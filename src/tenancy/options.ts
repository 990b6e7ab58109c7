import { ConfigurationError } from '../clients/configuration-error.js';
import type { StsClientConfigLike, StsClientLike } from './sts-client-like.js';
import { DURATION_SECONDS } from './sts-rules.js';
import type { StsTenantClientProviderOptions } from './types.js';

/** The numeric options, checked and with their defaults. */
export interface ProviderSettings {
  readonly durationSeconds: number;
  readonly refreshBeforeExpiryMs: number;
  readonly negativeCacheMs: number;
  readonly retryBackoffMs: number;
  readonly maxCachedClients: number;
  readonly maxTenantIdLength: number;
  readonly pruneIntervalMs: number;
}

export const PROVIDER_DEFAULTS = {
  durationSeconds: 3_600,
  refreshBeforeExpirySeconds: 300,
  negativeCacheSeconds: 30,
  retryBackoffSeconds: 1,
  maxCachedClients: 10_000,
  maxTenantIdLength: 64,
  pruneIntervalSeconds: 60,
} as const;

function number(
  value: number | undefined,
  fallback: number,
  option: string,
  ok: (n: number) => boolean,
  rule: string,
): number {
  const n = value ?? fallback;
  if (typeof n !== 'number' || !ok(n))
    throw new ConfigurationError(`${option} must be ${rule}, got ${String(value)}`, option);
  return n;
}

/** True for an STSClient (duck-typed: the ESM and CommonJS copies of the SDK have different classes). */
export function isStsClient(sts: StsClientLike | StsClientConfigLike | undefined): sts is StsClientLike {
  return (
    typeof (sts as StsClientLike | undefined)?.send === 'function' &&
    typeof (sts as StsClientLike).middlewareStack === 'object'
  );
}

/** Checks the options once, at construction: a wrong setting fails there, not at the first request. */
export function providerSettings<P extends object>(options: StsTenantClientProviderOptions<P>): ProviderSettings {
  if (!options || (typeof options.roleArn !== 'string' && typeof options.roleArn !== 'function')) {
    throw new ConfigurationError('roleArn is required: a role ARN, or (tenantId, principal) => role ARN', 'roleArn');
  }
  const durationSeconds = number(
    options.durationSeconds,
    PROVIDER_DEFAULTS.durationSeconds,
    'durationSeconds',
    (n) => Number.isInteger(n) && n >= DURATION_SECONDS.min && n <= DURATION_SECONDS.max,
    `an integer from ${DURATION_SECONDS.min} to ${DURATION_SECONDS.max} (STS's limits)`,
  );
  const refreshBefore = number(
    options.refreshBeforeExpirySeconds,
    PROVIDER_DEFAULTS.refreshBeforeExpirySeconds,
    'refreshBeforeExpirySeconds',
    (n) => Number.isFinite(n) && n >= 0 && n < durationSeconds,
    `at least 0 and less than durationSeconds (${durationSeconds})`,
  );
  const negative = number(
    options.negativeCacheSeconds,
    PROVIDER_DEFAULTS.negativeCacheSeconds,
    'negativeCacheSeconds',
    (n) => Number.isFinite(n) && n >= 0,
    'a number of seconds >= 0',
  );
  const backoff = number(
    options.retryBackoffSeconds,
    PROVIDER_DEFAULTS.retryBackoffSeconds,
    'retryBackoffSeconds',
    (n) => Number.isFinite(n) && n >= 0,
    'a number of seconds >= 0',
  );
  const maxCachedClients = number(
    options.maxCachedClients,
    PROVIDER_DEFAULTS.maxCachedClients,
    'maxCachedClients',
    (n) => Number.isInteger(n) && n >= 1,
    'an integer >= 1',
  );
  const maxTenantIdLength = number(
    options.maxTenantIdLength,
    PROVIDER_DEFAULTS.maxTenantIdLength,
    'maxTenantIdLength',
    (n) => Number.isInteger(n) && n >= 1 && n <= 256,
    'an integer from 1 to 256',
  );
  const prune = number(
    options.pruneIntervalSeconds,
    PROVIDER_DEFAULTS.pruneIntervalSeconds,
    'pruneIntervalSeconds',
    (n) => Number.isFinite(n) && n >= 0,
    'a number of seconds >= 0',
  );
  const dynamo = options.dynamo as Record<string, unknown> | undefined;
  for (const owned of ['credentials', 'requestHandler'] as const) {
    if (dynamo?.[owned] !== undefined) {
      throw new ConfigurationError(
        `dynamo.${owned} is the provider's own (each tenant's credentials, one shared pool: see the http option)`,
        `dynamo.${owned}`,
      );
    }
  }
  if (options.sts !== undefined && !isStsClient(options.sts) && typeof options.sts !== 'object') {
    throw new ConfigurationError('sts must be an STSClient or its configuration', 'sts');
  }
  return {
    durationSeconds,
    refreshBeforeExpiryMs: refreshBefore * 1000,
    negativeCacheMs: negative * 1000,
    retryBackoffMs: backoff * 1000,
    maxCachedClients,
    maxTenantIdLength,
    pruneIntervalMs: prune * 1000,
  };
}
