/**
 * `npm run example:nestjs`: the UsersController on NestJS 12,
 * against DynamoDB Local and a local STS. Starts both, gives each tenant an
 * IAM role in the STS, seeds each tenant's data through its own STS
 * session, serves the app, tries the API, stops everything. `-- --serve`
 * keeps serving on PORT (default 3000):
 *
 *   curl -H 'x-user-id: alice' -H 'x-user-tenants: acme' localhost:3000/api/tenants/acme/users
 */
import type { StsTenantClientProvider } from '../../src/index.js';
import { TENANT_CLIENTS, type TenantClaims } from '../../src/nestjs/index.js';
import { startLocalSts } from '../../src/testing/index.js';
import { DEMO_TENANTS, seedUsers } from '../local-development/demo-users.js';
import { runLocally } from '../local-development/run-locally.js';
import { createUsersApp } from './create-app.js';
import { EXTERNAL_ID, stsTenantOptions, tenantRoleArn } from './sts-tenants.js';
import { stsTour } from './sts-tour.js';

// The SDK warns at every client creation that Node 20 support ends in 2027; the example is about something else.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The access key id the app calls STS with: the only principal the tenant roles trust. */
const APP_CALLER = 'fluentdynamoapp';

await runLocally('nestjs', async (dynamo, print) => {
  const roles = Object.fromEntries(
    Object.keys(DEMO_TENANTS).map((tenantId) => [
      tenantRoleArn(tenantId),
      { externalId: EXTERNAL_ID, principals: [APP_CALLER] },
    ]),
  );
  // Frozen clock: DynamoDB Local keeps one database per access key id, and a
  // renewal (new key) would start the tenant on an empty one; with `--serve`
  // the credentials must outlive the hour.
  const sts = await startLocalSts({ roles, unknownRoles: 'deny', clock: { frozen: true } });
  print(`[nestjs] local STS at ${sts.endpoint}, roles: ${Object.keys(roles).join(', ')}`);
  let app: Awaited<ReturnType<typeof createUsersApp>> | undefined;
  try {
    app = await createUsersApp({
      // The repositories' own client: a database without tables, so a request
      // that escaped its tenant's scope fails instead of reading.
      clientConfig: {
        endpoint: dynamo.endpoint,
        region: dynamo.region,
        credentials: { accessKeyId: 'nestjsnotenant', secretAccessKey: 'local' },
      },
      tenants: stsTenantOptions({
        sts: sts.clientConfig(APP_CALLER),
        dynamo: { endpoint: dynamo.endpoint, region: dynamo.region },
        clock: () => sts.clock.now(),
      }),
    });
    await app.init();
    const tenants = app.get<StsTenantClientProvider<TenantClaims>>(TENANT_CLIENTS);
    for (const [tenantId, users] of Object.entries(DEMO_TENANTS)) {
      print(`Seeding tenant ${tenantId} through its own STS session (its own DynamoDB Local database)`);
      await seedUsers(await tenants.clientFor(tenantId), users());
    }
    const started = app;
    return {
      listener: started.getHttpAdapter().getInstance(),
      tour: (base, print) => stsTour(sts, base, print),
      // app.close() runs onModuleDestroy: the module closes the provider (pool, STS client) once.
      close: async () => {
        await started.close();
        await sts.stop();
      },
    };
  } catch (error) {
    await app?.close();
    await sts.stop();
    throw error;
  }
});
