export { guardRequest } from './guard-request.js';
export { type PartitionKeys, partitionKeysOf, registerPartitionKeys } from './key-schemas.js';
export { currentTenantScope, runInTenantScope, type TenantScope, type TenantScopeOptions } from './tenant-scope.js';
