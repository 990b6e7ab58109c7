import { globalSingleton } from '../internal/global-singleton.js';
import { safely } from './observers.js';

/** Told the tenant of a web request once the tenant middleware has granted it (the OpenTelemetry request span). */
export type TenantResolvedHook = (tenantId: string) => void;

const hooks = globalSingleton<Set<TenantResolvedHook>>('tenant-resolved-hooks', () => new Set());

/**
 * Adds a hook the Express and Koa middleware and the NestJS interceptor call, in the request's async context,
 * when they grant a request its tenant; returns the function that removes it. This is how `fluent-dynamo/otel`
 * puts the tenant on the HTTP server span without the core ever loading `@opentelemetry/api`.
 */
export function addTenantResolvedHook(hook: TenantResolvedHook): () => void {
  const own: TenantResolvedHook = (tenantId) => hook(tenantId);
  hooks.add(own);
  return () => {
    hooks.delete(own);
  };
}

/** The tenant middleware granted a request `tenantId`: tells the hooks (none, most of the time: one check). */
export function tenantResolved(tenantId: string): void {
  if (hooks.size === 0) return;
  for (const hook of hooks) safely(() => hook(tenantId));
}
