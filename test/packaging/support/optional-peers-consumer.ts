// A TypeScript app that installed fluent-dynamo with its required peer dependencies only (no @aws-sdk/client-sts,
// no @aws-sdk/client-dynamodb-streams, no @opentelemetry/api, no Express/Koa/NestJS) and type-checks the
// published declarations with `skipLibCheck: false`: every .d.ts it reaches must resolve without the optional peers.

/** The optional peers such an app does not have. */
export const ABSENT_OPTIONAL_PEERS = [
  '@aws-sdk/client-sts',
  '@aws-sdk/client-dynamodb-streams',
  '@opentelemetry/api',
] as const;

/** Uses the root entry point (entities, Repository, runWithClient, the STS provider's types), testing and streams. */
export const OPTIONAL_PEERS_CONSUMER = `
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  Attribute,
  PartitionKey,
  Repository,
  runWithClient,
  StsTenantClientProvider,
  type StsTenantClientProviderOptions,
  Table,
} from 'fluent-dynamo';
import { followStream, startLocalDynamoDb, startLocalSts, type LocalDynamoDb } from 'fluent-dynamo/testing';
import { changesOf } from 'fluent-dynamo/streams';

@Table('notes')
export class Note {
  @PartitionKey({ attribute: 'pk', prefix: 'NOTE' })
  id!: string;

  @Attribute()
  text!: string;
}

export const options: StsTenantClientProviderOptions = {
  roleArn: 'arn:aws:iam::123456789012:role/tenant',
  sts: { region: 'us-east-1' },
  dynamo: { region: 'us-east-1' },
};
export type Provider = StsTenantClientProvider;
// The repository's client is the one runWithClient gives, when there is one.
const notes = new Repository(Note, { client: new DynamoDBClient({ region: 'us-east-1' }) });
export async function noteText(client: DynamoDBClient, id: string): Promise<string | undefined> {
  return runWithClient(client, async () => {
    const { item } = await notes.get.withKey({ id }).execute();
    return item?.text;
  });
}
export const helpers = [followStream, startLocalDynamoDb, startLocalSts, changesOf] as const;
export type Local = LocalDynamoDb;
`;

/** tsc options of the consumer: strict, Node's types, decorators, and every library declaration checked. */
export function consumerCompilerOptions(nodeTypeRoots: string): Record<string, unknown> {
  return {
    strict: true,
    target: 'es2022',
    lib: ['es2023'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    experimentalDecorators: true,
    skipLibCheck: false,
    noEmit: true,
    typeRoots: [nodeTypeRoots],
    types: ['node'],
  };
}
