export { ConfigurationError } from './configuration-error.js';
export {
  type ClientTimeouts,
  type CreateDynamoClientOptions,
  createDynamoClient,
} from './create-dynamo-client.js';
export {
  DEFAULT_HTTP_POOL,
  type HttpPoolOptions,
  type ResolvedHttpPoolOptions,
  SharedHttpHandler,
} from './http-pool.js';
export { RegionalClients, type RegionalClientsOptions } from './regional-clients.js';
