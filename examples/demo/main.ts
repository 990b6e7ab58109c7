/**
 * `npm run demo`: starts DynamoDB Local (or uses DYNAMODB_ENDPOINT), runs the
 * walkthrough of users, tenants and requests, prints what happens, stops everything.
 * No AWS account, no Docker.
 */
import { startLocalDynamoDb } from '../../src/testing/index.js';
import { walkthrough } from './walkthrough.js';

// The SDK warns at every client creation that Node 20 support ends in 2027; the demo is about something else.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dynamo = await startLocalDynamoDb();
let failed = false;
try {
  console.log(`DynamoDB Local at ${dynamo.endpoint} (${dynamo.source})\n`);
  await walkthrough(dynamo.client('demo'), (line) => console.log(line));
  console.log('\nDone: every step behaved as expected.');
} catch (error) {
  failed = true;
  console.error('\nThe demo failed:', error);
} finally {
  await dynamo.stop();
}
process.exitCode = failed ? 1 : 0;
