/**
 * What a StsTenantClientProvider runs beyond its own class: option checks, the client cache and failure memory,
 * AssumeRole parameters and STS's rules, sessions and scoped clients. Loaded with the first provider constructed:
 * an app that imports the package and never constructs one (no tenants, or not in this process) never runs it.
 */
export { assumeRoleTarget, checkAssumeRoleTarget } from './assume-role-target.js';
export { FailureMemory } from './failure-memory.js';
export { issuedCredentials } from './issued-credentials.js';
export { LruCache } from './lru-cache.js';
export { Observer } from './observability.js';
export { isStsClient, providerSettings } from './options.js';
export { createBaseClient, createScopedClient } from './scoped-client.js';
export { fromStsError, isNegativelyCached } from './sts-errors.js';
export { loadStsModule } from './sts-module.js';
export { TenantSession } from './tenant-session.js';
