// The types both framework entry points (fluent-dynamo/express, fluent-dynamo/koa) re-export.
export type { TenantErrorBody, TenantRefusal, TenantRefusalCode } from './refusals.js';
export type {
  Awaitable,
  TenantClaims,
  TenantClientFunction,
  TenantClientProvider,
  TenantContextOptions,
} from './types.js';
