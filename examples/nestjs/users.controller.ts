import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { ConditionalCheckFailedError, InvalidCursorError } from '../../src/index.js';
import { TenantScoped } from '../../src/nestjs/index.js';
import { USER_ID } from '../shared/new-user.js';
import type { User } from '../shared/user.js';
import { DemoAuthGuard } from './demo-auth.guard.js';
import { LimitPipe, NewUserPipe } from './user-input.pipes.js';
import { UsersService } from './users.service.js';

/**
 * The UsersController. The guard authenticates (req.user), then
 * @TenantScoped() checks that the caller may act for :tenantId (403
 * otherwise) and runs the handler on that tenant's STS-scoped client (503
 * when its credentials cannot be had). No client and no principal are
 * passed around below.
 */
@Controller('api/tenants/:tenantId/users')
@UseGuards(DemoAuthGuard)
@TenantScoped()
export class UsersController {
  // Explicit token: DI must not depend on emitted design types.
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  // GET /api/tenants/:tenantId/users/:userId
  @Get(':userId')
  async getUser(@Param('userId') userId: string): Promise<User> {
    const user = USER_ID.test(userId) ? await this.users.getUser(userId) : undefined;
    if (!user) throw new NotFoundException({ error: 'not_found' });
    return user;
  }

  // GET /api/tenants/:tenantId/users?limit=25&cursor=...: the active users, newest first.
  @Get()
  async getActiveUsers(
    @Query('limit', LimitPipe) limit: number,
    @Query('cursor') cursor?: string,
  ): Promise<{ items: User[]; cursor?: string }> {
    try {
      const page = await this.users.queryUsersByStatus('active', limit, cursor);
      return { items: page.items, cursor: page.cursor };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException({ error: 'invalid_cursor' });
      throw error;
    }
  }

  // POST /api/tenants/:tenantId/users: 201 with Location, 409 if the id exists.
  @Post()
  async createUser(
    @Param('tenantId') tenantId: string,
    @Body(NewUserPipe) user: User,
    @Res({ passthrough: true }) res: Response,
  ): Promise<User> {
    try {
      const created = await this.users.createUser(user);
      res.location(`/api/tenants/${encodeURIComponent(tenantId)}/users/${created.userId}`);
      return created;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedError) {
        throw new ConflictException({ error: 'user_exists', userId: user.userId });
      }
      throw error;
    }
  }
}
