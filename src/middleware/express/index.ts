/**
 * `fluent-dynamo/express`: the tenant middleware for Express 5. Express is a
 * peer dependency: only its types are imported here, and the core package
 * never loads this file.
 *
 * @module fluent-dynamo/express
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
export { type ExpressTenantContextOptions, expressTenantContext } from './express-tenant-context.js';
