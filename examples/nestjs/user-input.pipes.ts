import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { parseLimit, parseNewUser } from '../shared/new-user.js';
import type { User } from '../shared/user.js';

/**
 * The body of POST /users (a `User`), checked by the
 * parser the Express and Koa examples share: 400 listing every problem.
 */
@Injectable()
export class NewUserPipe implements PipeTransform<unknown, User> {
  transform(body: unknown): User {
    const input = parseNewUser(body);
    if (!input.ok) throw new BadRequestException({ error: 'invalid_user', problems: input.problems });
    return input.user;
  }
}

/** `?limit=`: 1..100, default 25. */
@Injectable()
export class LimitPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const limit = parseLimit(value);
    if (limit === undefined) throw new BadRequestException({ error: 'invalid_limit' });
    return limit;
  }
}
