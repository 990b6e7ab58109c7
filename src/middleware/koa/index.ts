/**
 * `fluent-dynamo/koa`: the tenant middleware for Koa 3. Koa is a peer
 * dependency: only its types are imported here, and the core package never
 * loads this file.
 *
 * @module fluent-dynamo/koa
 */

export { bindStreamContext } from '../../context/bind-stream.js';
export type { TenantIsolationOptions } from '../../isolation/isolation-option.js';
export type {
  Awaitable,
  TenantClaims,
  TenantClientFunction,
  TenantClientProvider,
  TenantContextOptions,
  TenantErrorBody,
  TenantRefusal,
  TenantRefusalCode,
} from '../shared/index.js';
export { type KoaTenantContextOptions, koaTenantContext } from './koa-tenant-context.js';
