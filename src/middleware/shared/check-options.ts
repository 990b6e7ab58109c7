import { ConfigurationError } from '../../clients/configuration-error.js';
import type { TenantContextOptions } from './types.js';

/** Checks the options once, when the middleware is created, so a misconfigured app fails at start-up. */
export function checkOptions<Req, P extends object>(owner: string, options: TenantContextOptions<Req, P>): void {
  if (typeof options !== 'object' || options === null)
    throw new ConfigurationError(`${owner} needs options`, 'options');
  const { provider, clientFor, principal, authorize } = options;
  if ((provider === undefined) === (clientFor === undefined)) {
    throw new ConfigurationError(`${owner}: give exactly one of provider and clientFor`, 'provider');
  }
  if (provider !== undefined && typeof provider?.clientFor !== 'function') {
    throw new ConfigurationError(`${owner}: provider needs a clientFor(tenantId, principal) method`, 'provider');
  }
  if (clientFor !== undefined && typeof clientFor !== 'function') {
    throw new ConfigurationError(`${owner}: clientFor must be a function`, 'clientFor');
  }
  if (typeof principal !== 'function') {
    throw new ConfigurationError(
      `${owner}: principal(req) must be a function (it returns who makes the request)`,
      'principal',
    );
  }
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw new ConfigurationError(`${owner}: authorize must be a function`, 'authorize');
  }
  const sources = (['tenantId', 'tenantParam', 'tenantHeader'] as const).filter((key) => options[key] !== undefined);
  if (sources.length > 1) {
    throw new ConfigurationError(`${owner}: give at most one of ${sources.join(', ')}`, sources[1] as string);
  }
  if (options.tenantId !== undefined && typeof options.tenantId !== 'function') {
    throw new ConfigurationError(`${owner}: tenantId must be a function of the request`, 'tenantId');
  }
  for (const key of ['tenantParam', 'tenantHeader'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw new ConfigurationError(`${owner}: ${key} must be a non-empty string`, key);
    }
  }
}
