/**
 * `npm run example:costs`: what each tenant costs. Starts DynamoDB Local (or uses DYNAMODB_ENDPOINT), runs a
 * mixed workload for three tenants with a CapacityMeter started, and prints the capacity each tenant used
 * as a cost at on-demand prices. It checks the meter against what DynamoDB itself returned.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  Attribute,
  BatchWriteItemRequestBuilder,
  CapacityMeter,
  createTable,
  Index,
  KeyParts,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
} from '../../src/index.js';
import { startLocalDynamoDb } from '../../src/testing/index.js';
import { localDynamoClient } from '../local-development/local-client.js';
import { costPerTenant, formatCostTable, US_EAST_1_ON_DEMAND } from './cost-table.js';

@Table('documents')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#DOC#{docId}' })
@SortKey({ attribute: 'sk', template: 'REV#{rev}' })
@Index('ByFolder', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#FOLDER#{folder}' })
class Document {
  declare readonly [KeyParts]?: { partition: 'tenantId' | 'docId'; sort: 'rev'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() rev!: number;
  @Attribute() folder!: string;
  @Attribute() body!: string;
}

const local = process.env.DYNAMODB_ENDPOINT ? undefined : await startLocalDynamoDb();
const client = localDynamoClient(local?.endpoint ?? process.env.DYNAMODB_ENDPOINT, 'costs');
let returned = 0;
client.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
    for (const entry of consumed === undefined ? [] : [consumed].flat()) returned += entry.CapacityUnits ?? 0;
    return result;
  },
  { step: 'initialize', name: 'exampleCapacityTotal' },
);
try {
  const documents = new Repository(Document, { client, tableName: `documents-${Date.now()}` });
  await createTable(client, Document, { tableName: documents.tableName });
  const meter = new CapacityMeter().start();
  // Three tenants of different sizes: a big writer, a reader, a small one.
  const work: Record<string, { docs: number; size: number; reads: number }> = {
    acme: { docs: 40, size: 3000, reads: 20 },
    globex: { docs: 10, size: 500, reads: 200 },
    initech: { docs: 3, size: 100, reads: 5 },
  };
  await Promise.all(
    Object.entries(work).map(([tenantId, w]) =>
      runInTenantScope({ tenantId }, async () => {
        const batch = new BatchWriteItemRequestBuilder(client);
        for (let i = 0; i < w.docs; i++) {
          const doc = Object.assign(new Document(), {
            docId: `d${i}`,
            rev: 1,
            folder: `f${i % 3}`,
            body: 'x'.repeat(w.size),
          });
          batch.put(documents, (b) => b.withItem(doc));
        }
        await batch.execute();
        for (let i = 0; i < w.reads; i++) await documents.get.withKey({ docId: `d${i % w.docs}`, rev: 1 }).execute();
        await documents.query
          .withIndex('ByFolder')
          .where('gsi1pk = {0}' as string, { tenantId, folder: 'f0' })
          .all();
      }),
    ),
  );
  meter.stop();
  const costs = costPerTenant(meter.snapshot(), US_EAST_1_ON_DEMAND);
  console.log(
    `Capacity per tenant at us-east-1 on-demand prices ($${US_EAST_1_ON_DEMAND.perMillionReads} per million reads, $${US_EAST_1_ON_DEMAND.perMillionWrites} per million writes):\n`,
  );
  console.log(formatCostTable(costs));
  const metered = costs.reduce((sum, c) => sum + c.reads + c.writes, 0);
  if (metered !== returned)
    throw new Error(`the meter counted ${metered} units, DynamoDB returned ${returned}: failed`);
  if (costs.map((c) => c.tenantId).join() !== 'acme,globex,initech')
    throw new Error('unexpected order of tenants: failed');
  console.log(`\n${metered} units metered, exactly what DynamoDB returned.`);
  console.log('done: every answer was the expected one.');
} finally {
  client.destroy();
  await local?.stop();
}
