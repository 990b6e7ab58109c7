import { Injectable } from '@nestjs/common';
import type { Page, Repository } from '../../src/index.js';
import { InjectRepository } from '../../src/nestjs/index.js';
import { User, UserFields, UserIndexes, UserKeys } from '../shared/user.js';

/**
 * The UserRepository, without its tenantId and ClaimsPrincipal
 * parameters and without `.WithClient(scopedClient)`: the request's tenant
 * scope (@TenantScoped() on the controller) makes the tenant's client the
 * ambient one, so this singleton and its singleton repository serve every
 * tenant.
 */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  // GetUserAsync
  async getUser(userId: string): Promise<User | undefined> {
    const { item } = await this.users.get.withKey(UserFields.userId, UserKeys.pk(userId)).execute();
    return item;
  }

  // QueryUsersByStatusAsync, page by page: newest first through the StatusIndex.
  async queryUsersByStatus(status: User['status'], limit: number, cursor?: string): Promise<Page<User>> {
    return this.users.query
      .withIndex(UserIndexes.StatusIndex)
      .where('status = {0}', status)
      .scanForward(false)
      .limit(limit)
      .startAt(cursor) // a tampered or foreign cursor is an InvalidCursorError
      .execute();
  }

  // CreateUserAsync: only if the id is new (ConditionalCheckFailedError otherwise).
  async createUser(user: User): Promise<User> {
    const { item } = await this.users.put.withItem(user).where('attribute_not_exists(userId)').execute();
    return item;
  }
}
