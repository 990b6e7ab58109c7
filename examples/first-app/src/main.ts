// `npm start` (in the fluent-dynamo repository: `npm run example:first-app`): starts DynamoDB
// Local and a local STS, serves the app on 127.0.0.1:PORT (default 3000) and stops everything on
// Ctrl-C. No AWS account needed. Tokens: alice-token (a member of tenant acme), bob-token (of globex).
//
//   curl -X POST -H 'authorization: Bearer alice-token' -H 'content-type: application/json' \
//     -d '{"projectId":"website","name":"New website"}' 127.0.0.1:3000/api/tenants/acme/projects
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { TenantPrincipal } from '../../../src/index.js';
import { startLocalDynamoDb } from '../../../src/testing/index.js';
import { createApp } from './app.js';
import { tokenAuthentication } from './auth.js';
import { APP_CALLER, createLocalTables, EXTERNAL_ID, startTenantSts } from './local.js';
import { createRepositories } from './repositories.js';
import { createTenantProvider } from './tenants.js';

const TENANTS = ['acme', 'globex'];
const tokens = new Map<string, TenantPrincipal>([
  ['alice-token', { userId: 'alice', tenants: ['acme'] }],
  ['bob-token', { userId: 'bob', tenants: ['globex'] }],
]);

const dynamo = await startLocalDynamoDb({ sharedDb: true });
const sts = await startTenantSts(TENANTS);
const tenants = createTenantProvider({
  sts: sts.clientConfig(APP_CALLER),
  dynamo: { region: dynamo.region, endpoint: dynamo.endpoint },
  externalId: EXTERNAL_ID,
});
const client = dynamo.client();
try {
  await createLocalTables(client, tenants, TENANTS);
  const repositories = createRepositories(client, process.env.CURSOR_SECRET ?? randomBytes(32));
  const app = createApp({ tenants, repositories, authenticate: tokenAuthentication(tokens) });
  const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : address;
  console.log(`first-app listening on http://127.0.0.1:${port} (alice-token: acme, bob-token: globex); Ctrl-C stops`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  server.closeAllConnections();
  server.close();
} finally {
  await tenants.close();
  client.destroy();
  await sts.stop();
  await dynamo.stop();
}
