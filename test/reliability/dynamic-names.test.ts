// Attribute names chosen at run time (a sort or filter field picked by an API caller). Interpolated into a
// template's text, such a name is code: `where(\`${field} = {0}\`)` with
// `field = 'ownerId = {0} OR attribute_exists(title) OR ownerId'` widens a filter to every item. A name
// placeholder `#{n}` takes the name as a value instead: checked against the entity's declared attributes, and
// aliased whole, so it can name an attribute but never change the expression's structure.
import 'reflect-metadata';
import test from 'ava';
import fc from 'fast-check';
import {
  Attribute,
  createTable,
  DynamoDbTable,
  ExpressionError,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
} from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { countingClient } from './support/clients.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'dynamic-names');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 150, 50);

@Table('docs')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'DOC#{docId}' })
class Doc {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() ownerId!: string;
  @Attribute() title!: string;
  @Attribute({ name: 'doc-status' }) status!: string;
}

const WIDENING = 'ownerId = {0} OR attribute_exists(title) OR ownerId';

const client = testClient();
test.after.always(() => client.destroy());
const tableName = uniqueTableName('dynamic-names');
const docs = new Repository(Doc, { client, tableName });
const raw = new DynamoDbTable(client, tableName, { partitionKey: 'pk', sortKey: 'sk' });

test.before(async () => {
  await createTable(client, Doc, { tableName });
  for (const [docId, ownerId] of [
    ['d1', 'alice'],
    ['d2', 'bob'],
    ['d3', 'carol'],
  ] as const) {
    await docs.put
      .withItem(Object.assign(new Doc(), { tenantId: 'acme', docId, ownerId, title: docId, status: 'draft' }))
      .execute();
  }
});

const ofTenant = () => docs.query.where('pk = {0}' as string, 'TENANT#acme');

test('the attack: a name interpolated into the template text widens the filter to every item', async (t) => {
  const field: string = WIDENING;
  const widened = await ofTenant().withFilter(`${field} = {0}`, 'alice').all();
  t.is(widened.length, 3, 'this is why names from input must never be interpolated');
});

test('a name placeholder takes the name as a value: a declared attribute filters, the widening string is refused before sending', async (t) => {
  const mine = await ofTenant().withFilter('#{0} = {1}', 'ownerId', 'alice').all();
  t.deepEqual(
    mine.map((d) => d.docId),
    ['d1'],
  );
  // By property name or by stored name.
  t.is((await ofTenant().withFilter('#{0} = {1}', 'status', 'draft').all()).length, 3);
  t.is((await ofTenant().withFilter('#{0} = {1}', 'doc-status', 'draft').all()).length, 3);
  t.is((await ofTenant().withFilter('attribute_exists(#{0}) AND #{0} <> {1}', 'title', 'd2').all()).length, 2);

  const counting = countingClient();
  const counted = new Repository(Doc, { client: counting, tableName });
  const error = await t.throwsAsync(
    counted.query
      .where('pk = {0}' as string, 'TENANT#acme')
      .withFilter('#{0} = {1}', WIDENING, 'alice')
      .execute(),
    { instanceOf: ExpressionError },
  );
  t.regex(error?.message ?? '', /#\{0\} names "ownerId = \{0\} OR .*", which is not an attribute of Doc at position 0/);
  const typo = await t.throwsAsync(
    counted.query
      .where('pk = {0}' as string, 'TENANT#acme')
      .withFilter('#{0} = {1}', 'ownerld', 'alice')
      .execute(),
    { instanceOf: ExpressionError },
  );
  t.regex(typo?.message ?? '', /did you mean ownerId/);
  t.is(counting.sent, 0, 'nothing was sent');
  figures.add({ operations: 6, badInputs: 2, isolationAttacks: 1 });
});

test('on an untyped table, any name is one alias: the widening string matches no attribute instead of every item', async (t) => {
  const page = await raw.query.where('pk = {0}', 'TENANT#acme').withFilter('#{0} = {1}', WIDENING, 'alice').execute();
  t.is(page.items.length, 0);
  const input = raw.scan.withFilter('#{0} = {1}', WIDENING, 'alice').toInput();
  t.is(input.FilterExpression, '#n0 = :v0');
  t.deepEqual(input.ExpressionAttributeNames, { '#n0': WIDENING });
  figures.add({ operations: 1, isolationAttacks: 1 });
});

test('generated names: the rendered structure never changes; a typed entity accepts exactly its declared names', (t) => {
  const declared = new Set(['tenantId', 'docId', 'ownerId', 'title', 'status', 'doc-status', 'pk', 'sk']);
  const counted = new Repository(Doc, { client: countingClient(), tableName });
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom(...declared, WIDENING, 'constructor', '__proto__'),
      ),
      (name) => {
        const untyped = raw.scan.withFilter('#{0} = {1} AND title = {2}', name, 'x', 'y').toInput();
        if (
          untyped.FilterExpression !== '#n0 = :v0 AND #n1 = :v1' &&
          untyped.FilterExpression !== '#n0 = :v0 AND #n0 = :v1'
        ) {
          throw new Error(`structure changed: ${untyped.FilterExpression}`);
        }
        let accepted = true;
        try {
          runInTenantScope({ tenantId: 'acme', allowScan: true }, () =>
            counted.scan.withFilter('#{0} = {1}', name, 'x').toInput(),
          );
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          accepted = false;
        }
        if (accepted !== declared.has(name)) throw new Error(`${JSON.stringify(name)}: accepted=${accepted}`);
        if (!accepted) figures.badInputs += 1;
      },
    ),
    { numRuns: RUNS },
  );
  t.pass();
});

test('name placeholders are refused where names are the schema: key conditions, updates, projections; and they count as values', (t) => {
  t.throws(() => docs.query.where('#{0} = {1}' as string, 'pk', 'TENANT#acme'), {
    instanceOf: ExpressionError,
    message: /only allowed in conditions and filters/,
  });
  t.throws(() => docs.update.withKey({ tenantId: 'acme', docId: 'd1' }).set('SET #{0} = {1}' as string, 'title', 'x'), {
    instanceOf: ExpressionError,
    message: /only allowed in conditions and filters/,
  });
  t.throws(() => docs.query.where('pk = {0}' as string, 'TENANT#acme').withFilter('#{0:o} = {1}', 'title', 'x'), {
    instanceOf: ExpressionError,
    message: /takes no spec/,
  });
  t.throws(() => docs.query.where('pk = {0}' as string, 'TENANT#acme').withFilter('#{0} = {1}' as string, 'title'), {
    instanceOf: ExpressionError,
  });
  t.throws(() => docs.query.where('pk = {0}' as string, 'TENANT#acme').withFilter('#name = {0}', 'x'), {
    instanceOf: ExpressionError,
    message: /'#name' aliases are not used/,
  });
  figures.add({ badInputs: 5 });
});
