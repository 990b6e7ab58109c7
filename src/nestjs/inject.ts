import { Inject } from '@nestjs/common';
import type { EntityClass } from '../metadata/types.js';
import { DYNAMO_CLIENT, getRepositoryToken, TENANT_CLIENTS } from './tokens.js';

/** Injects the `Repository<T>` of `entity` (listed in `FluentDynamoModule.forFeature` of this module). */
export function InjectRepository(entity: EntityClass): PropertyDecorator & ParameterDecorator {
  return Inject(getRepositoryToken(entity));
}

/** Injects the default `DynamoDBClient` of `FluentDynamoModule.forRoot`. */
export function InjectDynamoClient(): PropertyDecorator & ParameterDecorator {
  return Inject(DYNAMO_CLIENT);
}

/** Injects the tenant client provider of `forRoot({ tenants })` (null without tenants), e.g. for `provider.run()` in jobs. */
export function InjectTenantClients(): PropertyDecorator & ParameterDecorator {
  return Inject(TENANT_CLIENTS);
}
