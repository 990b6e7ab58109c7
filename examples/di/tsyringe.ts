// tsyringe reads decorator metadata through the Reflect API: load the polyfill first.
import 'reflect-metadata';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DependencyContainer, inject, injectable, instanceCachingFactory } from 'tsyringe';
import {
  type Page,
  Repository,
  StsTenantClientProvider,
  type StsTenantClientProviderOptions,
  type TenantPrincipal,
} from '../../src/index.js';
import { User, UserFields, UserIndexes, UserKeys } from '../shared/user.js';

/** Tokens: a DI setup registers IAmazonDynamoDB, the tenant service and the table the same way. */
export const DYNAMO_CLIENT = Symbol('DynamoDBClient');
export const TENANTS = Symbol('StsTenantClientProvider');
export const USERS = Symbol('Repository<User>');

/**
 * The "Dependency Injection Setup" with tsyringe: the default
 * client and the tenant provider as values, the repository as a cached
 * factory. All singletons: the tenant reaches them per call, through
 * `tenants.run()`, never through per-request registrations.
 */
export function registerFluentDynamo(
  container: DependencyContainer,
  options: { client: DynamoDBClient; tenants: StsTenantClientProviderOptions<TenantPrincipal> },
): DependencyContainer {
  container.register(DYNAMO_CLIENT, { useValue: options.client });
  container.register(TENANTS, { useValue: new StsTenantClientProvider(options.tenants) });
  container.register(USERS, {
    useFactory: instanceCachingFactory((c) => new Repository(User, c.resolve<DynamoDBClient>(DYNAMO_CLIENT))),
  });
  container.registerSingleton(UserService);
  return container;
}

/** On shutdown: the provider's pool, STS client and cache, then the default client (tsyringe disposes only what it constructed). */
export async function closeFluentDynamo(container: DependencyContainer): Promise<void> {
  await container.resolve<StsTenantClientProvider<TenantPrincipal>>(TENANTS).close();
  container.resolve<DynamoDBClient>(DYNAMO_CLIENT).destroy();
}

/**
 * The UserRepository: each method runs on the tenant's scoped
 * client, after the provider checked that the principal may act for the
 * tenant (TenantAccessDeniedError otherwise, before any STS call).
 */
@injectable()
export class UserService {
  constructor(
    @inject(USERS) private readonly users: Repository<User>,
    @inject(TENANTS) private readonly tenants: StsTenantClientProvider<TenantPrincipal>,
  ) {}

  async getUser(tenantId: string, userId: string, principal: TenantPrincipal): Promise<User | undefined> {
    return this.tenants.run(tenantId, principal, async () => {
      const { item } = await this.users.get.withKey(UserFields.userId, UserKeys.pk(userId)).execute();
      return item;
    });
  }

  async queryUsersByStatus(tenantId: string, status: User['status'], principal: TenantPrincipal): Promise<Page<User>> {
    return this.tenants.run(tenantId, principal, () =>
      this.users.query.withIndex(UserIndexes.StatusIndex).where('status = {0}', status).execute(),
    );
  }

  async createUser(tenantId: string, user: User, principal: TenantPrincipal): Promise<User> {
    return this.tenants.run(tenantId, principal, async () => {
      const { item } = await this.users.put.withItem(user).where('attribute_not_exists(userId)').execute();
      return item;
    });
  }
}
