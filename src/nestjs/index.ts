/**
 * `fluent-dynamo/nestjs`: a NestJS 12 module. `@nestjs/common` and
 * `@nestjs/core` are optional peer dependencies: only this entry point loads
 * them, the core package never does.
 *
 * @module fluent-dynamo/nestjs
 */
// Nest's decorators and ours read and write Reflect metadata.
import 'reflect-metadata';

export type { TenantIsolationOptions } from '../isolation/isolation-option.js';
export type {
  Awaitable,
  TenantClaims,
  TenantClientProvider,
  TenantErrorBody,
  TenantRefusal,
  TenantRefusalCode,
} from '../middleware/shared/index.js';
export { type FeatureEntity, FluentDynamoModule } from './fluent-dynamo.module.js';
export { FluentDynamoCoreModule } from './fluent-dynamo-core.module.js';
export { InjectDynamoClient, InjectRepository, InjectTenantClients } from './inject.js';
export type {
  FluentDynamoModuleAsyncOptions,
  FluentDynamoModuleOptions,
  FluentDynamoOptionsFactory,
  NestTenantContextOptions,
} from './options.js';
export { TenantRefusedException } from './tenant-refused.exception.js';
export type { TenantRequest } from './tenant-request.js';
export { TenantScopeInterceptor } from './tenant-scope.interceptor.js';
export { TenantScoped } from './tenant-scoped.decorator.js';
export { DYNAMO_CLIENT, FLUENT_DYNAMO_OPTIONS, getRepositoryToken, TENANT_CLIENTS } from './tokens.js';
