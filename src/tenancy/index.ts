export { StsTenantClientProvider } from './sts-tenant-client-provider.js';
export type {
  TenantAccessDeniedDetails,
  TenantAccessDeniedReason,
  TenantCredentialsDetails,
} from './tenant-errors.js';
export { tenantIdProblem } from './tenant-id.js';
export type {
  PerTenant,
  SessionPolicy,
  StsTenantClientProviderOptions,
  TenantEvent,
  TenantEventType,
  TenantLogger,
  TenantPrincipal,
  TenantProviderStats,
} from './types.js';
