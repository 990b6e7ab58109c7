// Every way an entity of a table can write the attribute of another entity's tenant index key, tried by a tenant
// that names another tenant's partition of the index: the attribute as its table sort key, as a key of another
// index, through the templates of an open entity, through an untyped DynamoDbTable, and an index declared twice on
// different keys. createTable (and SingleTable, tenantPolicy) refuse the declarations; a repository made next to
// the owner's in the process has its writes checked before anything is sent.
import test from 'ava';
import {
  Attribute,
  createTable,
  DynamoDbTable,
  Index,
  MetadataError,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
  TenantIsolationError,
} from '../../src/index.js';
import { tenantPolicy } from '../../src/security/tenant-policy.js';
import { tableDefinitionOf } from '../../src/tables/table-definition.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Customer } from './support/customer.js';

const PLANTED = 'TENANT#acme#EMAIL#bob@acme.example';
const policyOptions = { accountId: '123456789012', region: 'us-east-1' };

/** Its templates may name any attribute, gsi1pk among them. */
@Table('shared_app', { openAttributes: true })
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'MEMO#{memoId}' })
class OpenMemo {
  @Attribute() tenantId!: string;
  @Attribute() memoId!: string;
}

/** Writes gsi1pk as the composite sort key of a local index of its own. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'LINK#{linkId}' })
@Index('ByTarget', { type: 'local', role: 'sort', attribute: 'gsi1pk', template: '{target}' })
class Link {
  @Attribute() tenantId!: string;
  @Attribute() linkId!: string;
  @Attribute() target!: string;
}

/** An inverted index on the table's sort key, declared tenantPrefixed. */
@Table('writers_inverted')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
class Membership {
  @Attribute() tenantId!: string;
  @SortKey({ attribute: 'sk' }) @Index('Inverted', { role: 'partition', tenantPrefixed: true }) member!: string;
}

/** Shares that table: its sort key, any value, is Inverted's partition key. */
@Table('writers_inverted')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
class Setting {
  @Attribute() tenantId!: string;
  @SortKey({ attribute: 'sk' }) name!: string;
}

@Table('writers_conflict')
class KeyedOnTableKey {
  @PartitionKey({ attribute: 'pk', prefix: 'TENANT' }) @Index('ByPk', { role: 'partition' }) tenantId!: string;
  @SortKey({ attribute: 'sk' }) id!: string;
}

/** Declares ByPk on a plain attribute: one index of two keys. */
@Table('writers_conflict')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'B#{bId}' })
class KeyedOnPlain {
  @Attribute() tenantId!: string;
  @Attribute() bId!: string;
  @Attribute() @Index('ByPk', { role: 'partition' }) owner?: string;
}

const client = testClient();
test.after.always(() => client.destroy());
const globex = <R>(fn: () => Promise<R>) => runInTenantScope({ tenantId: 'globex' }, fn);
const refused = { instanceOf: TenantIsolationError, message: /is another tenant's/ };

test('createTable, SingleTable and tenantPolicy refuse each writer that would fill another tenant’s partition', async (t) => {
  const tableName = uniqueTableName('writers');
  const cases: Array<[readonly (typeof Customer | typeof OpenMemo | typeof Link)[], RegExp]> = [
    [[Customer, OpenMemo], /OpenMemo writes gsi1pk in the templates its openAttributes allow, but Customer/],
    [[Customer, Link], /Link writes gsi1pk as a plain value, but Customer/],
  ];
  for (const [entities, message] of cases) {
    await t.throwsAsync(createTable(client, entities, { tableName }), { instanceOf: MetadataError, message });
    t.throws(() => tenantPolicy(entities, policyOptions), { instanceOf: MetadataError, message });
  }
  await t.throwsAsync(createTable(client, [Membership, Setting], { tableName }), {
    instanceOf: MetadataError,
    message: /Setting writes sk as a plain value, but Membership .* index Inverted, declared tenantPrefixed/,
  });
  for (const attempt of [
    () => tableDefinitionOf([KeyedOnTableKey, KeyedOnPlain]),
    () => tenantPolicy([KeyedOnTableKey, KeyedOnPlain], policyOptions),
  ]) {
    t.throws(attempt, {
      instanceOf: MetadataError,
      message: /KeyedOnPlain and KeyedOnTableKey share table writers_conflict but declare index ByPk differently/,
    });
  }
});

test('made next to the owner’s repository, each writer is refused another tenant’s partition before sending', async (t) => {
  const app = uniqueTableName('writers-app');
  const inverted = uniqueTableName('writers-inverted');
  new Repository(Customer, { client, tableName: app });
  new Repository(Membership, { client, tableName: inverted });
  const memos = new Repository(OpenMemo, { client, tableName: app });
  const links = new Repository(Link, { client, tableName: app });
  const settings = new Repository(Setting, { client, tableName: inverted });
  const raw = new DynamoDbTable(client, app, { partitionKey: 'pk', sortKey: 'sk' });
  await globex(async () => {
    await t.throwsAsync(
      memos.update
        .withKey({ memoId: 'm1' })
        .set('SET gsi1pk = {0}' as string, PLANTED)
        .execute(),
      refused,
      'an open template',
    );
    await t.throwsAsync(
      links.put.withItem(Object.assign(new Link(), { linkId: 'l1', target: PLANTED })).execute(),
      refused,
      'a composite key of another index',
    );
    await t.throwsAsync(
      settings.put.withItem(Object.assign(new Setting(), { name: 'TENANT#acme#MEMBER#bob' })).execute(),
      refused,
      'the table sort key',
    );
    await t.throwsAsync(
      raw.put.withItem({ pk: 'TENANT#globex', sk: 'RAW#1', gsi1pk: PLANTED }).execute(),
      refused,
      'an untyped table',
    );
    // Their own partitions stay writable: this one is sent (the tables do not exist, so DynamoDB refuses it).
    await t.throwsAsync(
      links.put.withItem(Object.assign(new Link(), { linkId: 'l1', target: 'TENANT#globex#EMAIL#x' })).execute(),
      { message: /ResourceNotFoundException/ },
    );
  });
});
