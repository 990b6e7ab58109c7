import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** Client settings the bench passes in (the canned transport); a deployed handler passes none. */
export type HandlerOptions = Pick<DynamoDBClientConfig, 'requestHandler' | 'credentials' | 'endpoint'>;
