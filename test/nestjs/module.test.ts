import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Injectable, Module, Scope } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import test from 'ava';
import { User } from '../../examples/shared/user.js';
import { ConfigurationError } from '../../src/clients/configuration-error.js';
import { MetadataError, Repository, StsTenantClientProvider } from '../../src/index.js';
import {
  DYNAMO_CLIENT,
  FluentDynamoModule,
  type FluentDynamoModuleOptions,
  type FluentDynamoOptionsFactory,
  getRepositoryToken,
  InjectDynamoClient,
  InjectRepository,
  InjectTenantClients,
  TENANT_CLIENTS,
  type TenantClientProvider,
} from '../../src/nestjs/index.js';
import { namedClient } from '../context/support/named-clients.js';
import { FakeProvider } from '../middleware/support/fake-provider.js';
import { Broken, Order } from './support/entities.js';

@Injectable()
class UsersConsumer {
  constructor(
    @InjectRepository(User) readonly users: Repository<User>,
    @InjectRepository(Order) readonly orders: Repository<Order>,
    @InjectDynamoClient() readonly client: DynamoDBClient,
    @InjectTenantClients() readonly tenants: TenantClientProvider | null,
  ) {}
}

@Injectable()
class OtherUsersConsumer {
  constructor(@InjectRepository(User) readonly users: Repository<User>) {}
}

@Module({ imports: [FluentDynamoModule.forFeature([User, Order])], providers: [UsersConsumer] })
class UsersFeature {}

@Module({ imports: [FluentDynamoModule.forFeature([User])], providers: [OtherUsersConsumer] })
class OtherFeature {}

async function compile(...imports: Parameters<typeof Test.createTestingModule>[0]['imports'] & object) {
  return Test.createTestingModule({ imports }).compile();
}

/** A provider shaped like StsTenantClientProvider that counts close() calls. */
class ClosableProvider extends FakeProvider {
  closes = 0;
  async close(): Promise<void> {
    this.closes += 1;
  }
}

/** Counts destroy() calls of a client. */
function countingClient(name: string): DynamoDBClient & { destroys: number } {
  const client = Object.assign(namedClient(name), { destroys: 0 });
  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    client.destroys += 1;
    destroy();
  };
  return client;
}

test('forRoot({ client }) + forFeature([User, Order]): @InjectRepository gives one singleton Repository per entity', async (t) => {
  const client = namedClient('default');
  const app = await compile(FluentDynamoModule.forRoot({ client }), UsersFeature, OtherFeature);
  const consumer = app.get(UsersConsumer);
  t.true(consumer.users instanceof Repository);
  t.is(consumer.users.entity, User);
  t.is(consumer.users.tableName, 'users');
  t.is(consumer.users.client, client, 'on the default client');
  t.is(consumer.orders.tableName, 'orders');
  t.is(consumer.client, client);
  t.is(consumer.tenants, null, 'no tenants configured');
  t.is(app.get(OtherUsersConsumer).users, consumer.users, 'two feature modules listing User share one repository');
  t.is(app.get(getRepositoryToken(User), { strict: false }), consumer.users);
  t.is(app.get(DYNAMO_CLIENT), client);
  // Singletons, never request-scoped: no object graph is rebuilt per request.
  const moduleRef = app.get(ModuleRef);
  for (const token of [getRepositoryToken(User), getRepositoryToken(Order), DYNAMO_CLIENT, TENANT_CLIENTS]) {
    t.is(moduleRef.introspect(token).scope, Scope.DEFAULT, String(token.description));
  }
  await app.close();
});

test('getRepositoryToken: one token per class, even for two classes with the same name', (t) => {
  const make = () => class Twin {};
  t.is(getRepositoryToken(User), getRepositoryToken(User));
  t.not(getRepositoryToken(make()), getRepositoryToken(make()));
  t.is(getRepositoryToken(User).description, 'Repository<User>');
});

test('forFeature([{ entity, tableName }]) puts a repository on another table', async (t) => {
  @Injectable()
  class Consumer {
    constructor(@InjectRepository(User) readonly users: Repository<User>) {}
  }
  @Module({
    imports: [FluentDynamoModule.forFeature([{ entity: User, tableName: 'users-test' }])],
    providers: [Consumer],
  })
  class Feature {}
  const app = await compile(FluentDynamoModule.forRoot({ client: namedClient('default') }), Feature);
  t.is(app.get(Consumer).users.tableName, 'users-test');
  await app.close();
});

test('forRoot({ clientConfig }) creates the default client with createDynamoClient', async (t) => {
  const app = await compile(
    FluentDynamoModule.forRoot({
      clientConfig: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 2 },
    }),
  );
  const client = app.get<DynamoDBClient>(DYNAMO_CLIENT);
  t.true(client instanceof DynamoDBClient);
  t.is(await client.config.region(), 'eu-west-1');
  t.is(await client.config.maxAttempts(), 2);
  await app.close();
});

test('forRoot({ tenants: options }) creates an StsTenantClientProvider; onModuleDestroy closes it and the client once', async (t) => {
  const client = countingClient('default');
  const app = await compile(
    FluentDynamoModule.forRoot({
      client,
      tenants: {
        roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
        sts: { region: 'us-east-1' },
      },
    }),
  );
  const provider = app.get<StsTenantClientProvider>(TENANT_CLIENTS);
  t.true(provider instanceof StsTenantClientProvider);
  t.false(provider.closed);
  await app.close();
  t.true(provider.closed, 'the shared pool, the STS client and the cache are released');
  t.is(client.destroys, 1);
  await app.close();
  t.is(client.destroys, 1, 'closing the app again releases nothing twice');
});

test('a provider instance passed in is closed once on shutdown; closeOnDestroy: false leaves both alone', async (t) => {
  const provider = new ClosableProvider();
  const client = countingClient('default');
  const app = await compile(FluentDynamoModule.forRoot({ client, tenants: provider }));
  t.is(app.get(TENANT_CLIENTS), provider);
  await app.close();
  await app.close();
  t.is(provider.closes, 1);
  t.is(client.destroys, 1);

  const kept = new ClosableProvider();
  const keptClient = countingClient('kept');
  const other = await compile(FluentDynamoModule.forRoot({ client: keptClient, tenants: kept, closeOnDestroy: false }));
  await other.close();
  t.is(kept.closes, 0);
  t.is(keptClient.destroys, 0);
});

test('forRootAsync({ useFactory, inject, imports }): options from another module, also asynchronously', async (t) => {
  const CONFIG = Symbol('config');
  @Module({ providers: [{ provide: CONFIG, useValue: { region: 'ap-southeast-1' } }], exports: [CONFIG] })
  class ConfigModule {}
  const provider = new ClosableProvider();
  const app = await compile(
    FluentDynamoModule.forRootAsync({
      imports: [ConfigModule],
      inject: [CONFIG],
      useFactory: async (config: { region: string }): Promise<FluentDynamoModuleOptions> => ({
        clientConfig: { region: config.region },
        tenants: provider,
      }),
    }),
    UsersFeature,
  );
  const consumer = app.get(UsersConsumer);
  t.is(await consumer.client.config.region(), 'ap-southeast-1');
  t.is(consumer.users.client, consumer.client);
  t.is(consumer.tenants, provider);
  await app.close();
  t.is(provider.closes, 1);
});

test('forRootAsync({ useClass }) and ({ useExisting }): an options factory class', async (t) => {
  const client = namedClient('from-class');
  @Injectable()
  class OptionsFactory implements FluentDynamoOptionsFactory {
    createFluentDynamoOptions(): FluentDynamoModuleOptions {
      return { client };
    }
  }
  const viaClass = await compile(FluentDynamoModule.forRootAsync({ useClass: OptionsFactory }), UsersFeature);
  t.is(viaClass.get(UsersConsumer).client, client);
  await viaClass.close();

  @Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
  class OptionsModule {}
  const viaExisting = await compile(
    FluentDynamoModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
    UsersFeature,
  );
  t.is(viaExisting.get(UsersConsumer).users.client, client);
  await viaExisting.close();
});

test('wrong options fail at start-up with ConfigurationError', async (t) => {
  await t.throwsAsync(compile(FluentDynamoModule.forRoot({})), {
    instanceOf: ConfigurationError,
    message: /exactly one of client and clientConfig/,
  });
  await t.throwsAsync(
    compile(FluentDynamoModule.forRoot({ client: namedClient('a'), clientConfig: { region: 'us-east-1' } })),
    { instanceOf: ConfigurationError },
  );
  await t.throwsAsync(compile(FluentDynamoModule.forRoot({ client: {} as DynamoDBClient })), {
    instanceOf: ConfigurationError,
    message: /no DynamoDBClient/,
  });
  await t.throwsAsync(
    compile(FluentDynamoModule.forRoot({ client: namedClient('a'), tenantContext: { tenantParam: 'tenant' } })),
    { instanceOf: ConfigurationError, message: /tenantContext needs tenants/ },
  );
  await t.throwsAsync(
    compile(
      FluentDynamoModule.forRoot({
        client: namedClient('a'),
        tenants: new FakeProvider(),
        tenantContext: { tenantParam: 'tenantId', tenantHeader: 'x-tenant-id' },
      }),
    ),
    { instanceOf: ConfigurationError, message: /at most one of tenantParam, tenantHeader/ },
  );
  await t.throwsAsync(
    compile(FluentDynamoModule.forRoot({ client: namedClient('a'), tenants: { roleArn: 'x', durationSeconds: 10 } })),
    { instanceOf: ConfigurationError, message: /durationSeconds/ },
  );
  t.throws(() => FluentDynamoModule.forRootAsync({}), { instanceOf: ConfigurationError, message: /exactly one of/ });
  t.throws(() => FluentDynamoModule.forFeature('User' as never), { instanceOf: ConfigurationError });
  t.throws(() => FluentDynamoModule.forFeature([{ entity: 'User' } as never]), { instanceOf: ConfigurationError });
  t.throws(() => FluentDynamoModule.forFeature([null as never]), { instanceOf: ConfigurationError });
});

test('an entity with bad metadata fails at start-up with its MetadataError', async (t) => {
  @Module({ imports: [FluentDynamoModule.forFeature([Broken])] })
  class BrokenFeature {}
  await t.throwsAsync(compile(FluentDynamoModule.forRoot({ client: namedClient('a') }), BrokenFeature), {
    instanceOf: MetadataError,
    message: /Broken/,
  });
});
