import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { principalFrom } from '../../middleware/support/http.js';

/** Stands for the app's authentication guard: `req.user` from the as() headers, or nothing (the scope answers 401). */
@Injectable()
export class TestAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    req.user = principalFrom((name) => req.get(name));
    return true;
  }
}
