import { type DynamicModule, Module } from '@nestjs/common';
import { FluentDynamoModule, type FluentDynamoModuleOptions, type TenantClaims } from '../../src/nestjs/index.js';
import { HealthController } from './health.controller.js';
import { UsersModule } from './users.module.js';

/**
 * The "Dependency Injection Setup": the default client (for the
 * table definitions) and the tenant provider, registered once, for the
 * whole application; the users feature on top. `fluentDynamo` says where
 * they point (AWS, or DynamoDB Local and a local STS).
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes, configured through static forRoot.
export class AppModule {
  static forRoot(fluentDynamo: FluentDynamoModuleOptions<TenantClaims>): DynamicModule {
    return {
      module: AppModule,
      imports: [FluentDynamoModule.forRoot(fluentDynamo), UsersModule],
      controllers: [HealthController],
    };
  }
}
