import { globalSingleton } from '../internal/global-singleton.js';
import type { EntityClass } from '../metadata/types.js';

// Registered symbols (Symbol.for): an app that loads both the ESM and the
// CommonJS copy of fluent-dynamo/nestjs still has one token per thing.

/** The default DynamoDBClient (`@InjectDynamoClient()`): repositories use it outside any tenant scope. */
export const DYNAMO_CLIENT: unique symbol = Symbol.for('fluent-dynamo.nestjs.DynamoDBClient');

/** The tenant client provider (`@InjectTenantClients()`), or null when `forRoot` was given no `tenants`. */
export const TENANT_CLIENTS: unique symbol = Symbol.for('fluent-dynamo.nestjs.TenantClientProvider');

/** The options given to `forRoot` / produced by `forRootAsync`. */
export const FLUENT_DYNAMO_OPTIONS: unique symbol = Symbol.for('fluent-dynamo.nestjs.options');

/** @internal What the root module made from its options (clients, tenant resolver), and how to release it. */
export const FLUENT_DYNAMO_RESOURCES: unique symbol = Symbol.for('fluent-dynamo.nestjs.resources');

// One token per entity class, kept off the class itself. A token made from the
// class name would let two entities called `User` (in two modules) collide.
const repositoryTokens = globalSingleton('nestjs-repository-tokens', () => new WeakMap<EntityClass, symbol>());

/** The injection token of the `Repository` of `entity`, for `app.get()`, `moduleRef.get()` or custom providers. */
export function getRepositoryToken(entity: EntityClass): symbol {
  let token = repositoryTokens.get(entity);
  if (token === undefined) {
    token = Symbol(`Repository<${entity.name}>`);
    repositoryTokens.set(entity, token);
  }
  return token;
}
