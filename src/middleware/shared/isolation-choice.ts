import { ConfigurationError } from '../../clients/configuration-error.js';
import { refuseApplicationClientFallback } from '../../context/application-fallback.js';
import type { TenantIsolationOptions } from '../../isolation/isolation-option.js';
import { separatorOverlap } from '../../isolation/tenant-scope.js';

const FIELDS = ['keyPrefix', 'separator', 'allowScan', 'tenantProperty', 'applicationClientFallback'] as const;

function checkShape(owner: string, where: string, isolation: TenantIsolationOptions | undefined): void {
  if (isolation === undefined) return;
  if (typeof isolation !== 'object' || isolation === null) {
    throw new ConfigurationError(`${owner}: ${where} isolation must be an object ({} for the defaults)`, 'isolation');
  }
  const { keyPrefix, separator, allowScan, tenantProperty, applicationClientFallback } = isolation;
  if (keyPrefix !== undefined && typeof keyPrefix !== 'function') {
    throw new ConfigurationError(`${owner}: isolation.keyPrefix must be a function of the tenant id`, 'isolation');
  }
  for (const [name, value] of [
    ['separator', separator],
    ['tenantProperty', tenantProperty],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw new ConfigurationError(`${owner}: isolation.${name} must be a non-empty string`, 'isolation');
    }
  }
  const overlap = separator === undefined ? undefined : separatorOverlap(separator);
  if (overlap !== undefined) {
    // Refused per request too; here it fails at start-up instead of on every request.
    throw new ConfigurationError(
      `${owner}: isolation.separator ${JSON.stringify(separator)} overlaps itself: a tenant id ending in ` +
        `${JSON.stringify(overlap)} would have keys that start with another tenant's prefix and separator; ` +
        "use a separator that does not repeat its start, such as '#'",
      'isolation',
    );
  }
  if (allowScan !== undefined && typeof allowScan !== 'boolean') {
    throw new ConfigurationError(`${owner}: isolation.allowScan must be a boolean`, 'isolation');
  }
  if (applicationClientFallback !== undefined && !['refuse', 'allow'].includes(applicationClientFallback)) {
    throw new ConfigurationError(
      `${owner}: isolation.applicationClientFallback must be 'refuse' or 'allow'`,
      'isolation',
    );
  }
}

/**
 * The isolation a tenant entry point runs requests with: its own `isolation`
 * option, else its provider's. Given in both places they must agree (the
 * same object, or the same settings); otherwise one of them would silently
 * not count, so the entry point is not created (ConfigurationError).
 *
 * With isolation, the entry point also asks that builders outside any context
 * be refused their repository's client (unless `applicationClientFallback:
 * 'allow'`): called once, when the middleware or module is created.
 */
export function chooseIsolation(
  owner: string,
  own: TenantIsolationOptions | undefined,
  ofProvider: TenantIsolationOptions | undefined,
): TenantIsolationOptions | undefined {
  checkShape(owner, 'the', own);
  checkShape(owner, "the provider's", ofProvider);
  if (own !== undefined && ofProvider !== undefined && own !== ofProvider) {
    const differ = FIELDS.filter((field) => own[field] !== ofProvider[field]);
    if (differ.length > 0) {
      throw new ConfigurationError(
        `${owner}: its isolation option and the provider's disagree (${differ.join(', ')}); ` +
          'configure isolation in one place: the provider (every entry point uses it) or here',
        'isolation',
      );
    }
  }
  const isolation = own ?? ofProvider;
  if (isolation && isolation.applicationClientFallback !== 'allow') refuseApplicationClientFallback(owner);
  return isolation;
}
