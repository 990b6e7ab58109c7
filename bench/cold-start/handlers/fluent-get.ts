/**
 * The same handler through fluent-dynamo: an entity, a repository, one get.
 * Imports the package by its name, as an application does (a package importing
 * itself through "exports"): Node resolves it to the published build for Node,
 * dist/node, and esbuild to the one for bundlers, dist/esm (`npm run build`);
 * tsconfig.json's `paths` gives tsc the sources' types.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Attribute, PartitionKey, Repository, SortKey, Table } from 'fluent-dynamo';
import type { HandlerOptions } from './handler-options.js';

@Table('bench')
class Profile {
  @PartitionKey({ attribute: 'pk', prefix: 'ITEM' }) id!: string;
  @SortKey({ attribute: 'sk' }) kind!: string;
  @Attribute() name!: string;
  @Attribute() email!: string;
  @Attribute() age!: number;
  @Attribute() score!: number;
  @Attribute() active!: boolean;
  @Attribute({ type: Date }) createdAt!: Date;
  @Attribute({ type: Set }) tags!: Set<string>;
  @Attribute({ type: Array }) history!: number[];
  @Attribute({ type: Object }) address!: { street: string; city: string; zip: string };
  @Attribute() status!: string;
}

export function createHandler(options: HandlerOptions = {}) {
  const client = new DynamoDBClient({ region: process.env.AWS_REGION ?? 'us-east-1', ...options });
  const profiles = new Repository(Profile, client);
  return async (event: { id: string }) => {
    const { item } = await profiles.get.withKey({ id: event.id, kind: 'PROFILE' }).execute();
    return item;
  };
}

let handle: ReturnType<typeof createHandler> | undefined;
export const handler = (event: { id: string }) => {
  handle ??= createHandler();
  return handle(event);
};
