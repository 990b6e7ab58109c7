// The Nest example against the suites the Express and Koa examples pass (test/examples/support): the same users
// API, answer for answer, with LocalTenantClients (one DynamoDB Local database per tenant), and 2,000 concurrent
// requests over 50 tenants that must stay in their tenants.
import test from 'ava';
import { isolationUnderLoad } from '../examples/support/isolation-load.js';
import { usersApiSuite } from '../examples/support/users-api-suite.js';
import { closeUsersApps, nestUsersListener } from './support/users-app-listener.js';

usersApiSuite('nestjs', nestUsersListener);
isolationUnderLoad('nestjs', nestUsersListener);

test.after.always(closeUsersApps);
