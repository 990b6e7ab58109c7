/**
 * `npm run example:local`: the local-development case. Starts
 * DynamoDB Local (or uses DYNAMODB_ENDPOINT), points a client at it, creates
 * the `users-local` table from the entity metadata, serves GET /users/:userId,
 * tries it, stops. `-- --serve` keeps it running on PORT (default 3000).
 */
import { Repository } from '../../src/index.js';
import { User } from '../shared/user.js';
import { demoUser, seedUsers } from './demo-users.js';
import { call } from './http-call.js';
import { localDynamoClient } from './local-client.js';
import { localDevelopmentApp } from './local-development-app.js';
import { runLocally } from './run-locally.js';

const TABLE = 'users-local';

await runLocally('local-development', async (dynamo, print) => {
  const client = localDynamoClient(dynamo.endpoint);
  print(`Creating table ${TABLE} and user123 on ${dynamo.endpoint}`);
  await seedUsers(client, [demoUser('user123', 'example.com', { name: 'John Doe' })], TABLE);
  const users = new Repository(User, { client, tableName: TABLE });
  return {
    listener: localDevelopmentApp(users),
    tour: async (base, print) => {
      await call(base, print, 'GET', '/users/user123', { expect: 200 });
      await call(base, print, 'GET', '/users/nobody', { expect: 404 });
    },
    close: () => client.destroy(),
  };
});
