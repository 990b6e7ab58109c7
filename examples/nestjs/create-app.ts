import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { FluentDynamoModuleOptions, TenantClaims } from '../../src/nestjs/index.js';
import { AppModule } from './app.module.js';

/** The users API on Nest 12 with Express, not yet listening (`app.listen(port)` or `app.init()`). */
export async function createUsersApp(
  fluentDynamo: FluentDynamoModuleOptions<TenantClaims>,
  logger: false | LogLevel[] = ['error', 'warn'],
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(fluentDynamo), { logger });
  app.disable('x-powered-by');
  // A production main also calls app.enableShutdownHooks(), so that SIGTERM runs
  // onModuleDestroy (which closes the tenant provider's pool). Here runLocally
  // handles the signals and calls app.close() itself.
  return app;
}
