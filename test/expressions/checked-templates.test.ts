// Templates on a typed repository are checked against the entity: every name is a declared attribute (by property
// or stored name) and is sent as its stored name; every value placed against an attribute is converted for it, keys
// named by property get their format. Before, `SET stauts = {0}` wrote a stray attribute, `SET status = {0}` with 42
// stored a number in a String attribute, and `pk = {0}` with a bare id silently matched nothing.
import 'reflect-metadata';
import test from 'ava';
import {
  Attribute,
  createTable,
  ExpressionError,
  Index,
  MappingError,
  PartitionKey,
  Repository,
  SingleTable,
  SortKey,
  Table,
} from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

class Address {
  @Attribute() city!: string;
  @Attribute({ name: 'zip_code' }) zip!: string;
}

class Step {
  @Attribute() label!: string;
}

@Table('projects')
class Project {
  @PartitionKey({ attribute: 'pk', prefix: 'PROJECT' }) projectId!: string;
  @SortKey({ attribute: 'sk', prefix: 'TASK' }) taskId!: string;
  @Attribute() status!: string;
  @Attribute({ name: 'title_text' }) title!: string;
  @Attribute() score!: number;
  @Attribute({ type: Set }) tags?: Set<string>;
  @Attribute({ type: Array }) history?: string[];
  @Attribute({ type: Date }) dueAt?: Date;
  @Attribute({ type: Address }) address?: Address;
  @Attribute({ type: Array, items: Step }) steps?: Step[];
  @Attribute({ type: Object }) extra?: Record<string, unknown>;
}

@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}#{line}' })
@Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
class Line {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
  @Attribute() line!: number;
  @Attribute() assignee?: string;
}

@Table('open', { openAttributes: true })
class Open {
  @PartitionKey() id!: string;
}

const client = testClient();
const projects = new Repository(Project, { client, tableName: uniqueTableName('projects') });
const lines = new Repository(Line, { client, tableName: uniqueTableName('lines') });
const opens = new Repository(Open, { client, tableName: uniqueTableName('open') });

test.before(async () => {
  await Promise.all([
    createTable(client, Project, { tableName: projects.tableName }),
    createTable(client, Line, { tableName: lines.tableName }),
  ]);
});

const update = (template: string, ...values: unknown[]) =>
  projects.update
    .withKey({ projectId: 'p1', taskId: 't1' })
    .set(template, ...values)
    .toInput();
const condition = (template: string, ...values: unknown[]) =>
  projects.delete
    .withKey({ projectId: 'p1', taskId: 't1' })
    .where(template, ...values)
    .toInput();
const values = (input: { ExpressionAttributeValues?: Record<string, unknown> }) =>
  Object.values(input.ExpressionAttributeValues ?? {});

test('a name that is not a declared attribute is an ExpressionError naming the template, the position and the closest names', (t) => {
  const error = t.throws(() => update('SET stauts = {0}', 'x'), { instanceOf: ExpressionError });
  t.is(
    error?.message,
    '"stauts" is not an attribute of Project at position 4 of update template "SET stauts = {0}": did you mean status?',
  );
  t.throws(() => condition('attribute_exists(titel)'), { instanceOf: ExpressionError, message: /did you mean title/ });
  t.throws(() => projects.query.where('projectId = {0}', 'p1').withFilter('scroe > {0}' as string, 1), {
    instanceOf: ExpressionError,
    message: /"scroe" is not an attribute of Project.*did you mean score/,
  });
  t.throws(() => projects.query.where('projcetId = {0}' as string, 'p1'), {
    instanceOf: ExpressionError,
    message: /projectId/,
  });
  t.throws(() => projects.get.withKey({ projectId: 'p', taskId: 't' }).withProjection('nope'), {
    instanceOf: ExpressionError,
    message: /"nope" is not an attribute of Project/,
  });
});

test('property names are sent as stored names; stored names work too', (t) => {
  const input = update('SET title = {0}', 'T');
  t.true(Object.values(input.ExpressionAttributeNames ?? {}).includes('title_text'));
  t.false(Object.values(input.ExpressionAttributeNames ?? {}).includes('title'));
  const stored = update('SET title_text = {0}', 'T');
  t.true(Object.values(stored.ExpressionAttributeNames ?? {}).includes('title_text'));
  // The same attribute written by both names overlaps, as DynamoDB would say.
  t.throws(() => update('SET title = {0}, title_text = {1}', 'a', 'b'), {
    instanceOf: ExpressionError,
    message: /names the same attribute/,
  });
});

test('paths below a nested class are checked and renamed as deep as the metadata knows', (t) => {
  const input = update('SET address.zip = {0}, steps[0].label = {1}', '12345', 'go');
  const names = Object.values(input.ExpressionAttributeNames ?? {});
  t.true(names.includes('zip_code'));
  t.true(names.includes('label'));
  t.throws(() => update('SET address.zpi = {0}', 'x'), { instanceOf: ExpressionError, message: /did you mean zip/ });
  t.throws(() => update('SET steps.label = {0}', 'x'), {
    instanceOf: ExpressionError,
    message: /index it: steps\[0\]/,
  });
  t.throws(() => condition('status.x = {0}', 'x'), { instanceOf: ExpressionError, message: /String attribute/ });
  t.throws(() => condition('pk.x = {0}', 'x'), { instanceOf: ExpressionError, message: /is a key/ });
  // Below an open attribute, anything goes.
  t.notThrows(() => update('SET extra.any.depth = {0}', 1));
  // A nested attribute's value is converted by its converter.
  t.throws(() => update('SET address.city = {0}', 5), { instanceOf: MappingError, message: /city, a String/ });
});

test('an entity may opt into undeclared names', (t) => {
  t.notThrows(() =>
    opens.update
      .withKey({ id: 'a' })
      .set('SET anything = {0}' as string, 1)
      .toInput(),
  );
});

test('values are checked for what they are placed against', (t) => {
  // Function arguments: begins_with takes a string of a string attribute, contains an element, size a number.
  t.throws(() => condition('begins_with(status, {0})', 5), {
    instanceOf: MappingError,
    message: /begins_with.*must be a string/,
  });
  t.throws(() => condition('begins_with(score, {0})', '5'), {
    instanceOf: MappingError,
    message: /string or binary attribute/,
  });
  t.throws(() => condition('contains(tags, {0})', { a: 1 }), {
    instanceOf: MappingError,
    message: /element of the set/,
  });
  t.throws(() => condition('contains(status, {0})', 5), { instanceOf: MappingError, message: /substring/ });
  t.throws(() => condition('contains(score, {0})', 5), { instanceOf: MappingError, message: /string, set or list/ });
  t.throws(() => condition('size(history) > {0}', '3'), { instanceOf: MappingError, message: /finite number/ });
  t.throws(() => condition('attribute_type(extra, {0})', 'STRING'), { instanceOf: MappingError, message: /type code/ });
  t.throws(() => update('SET score = score + {0}', '1'), { instanceOf: MappingError, message: /finite number/ });
  // A number DynamoDB cannot store is refused here too, as anywhere else a number is converted.
  t.throws(() => update('SET score = score + {0}', 1e200), { instanceOf: MappingError, message: /cannot be stored/ });
  t.throws(() => condition('contains(tags, {0})', 1e-200), { instanceOf: MappingError, message: /cannot be stored/ });
  t.throws(() => update('SET history = list_append(history, {0})', 'x'), {
    instanceOf: MappingError,
    message: /must be an array/,
  });
  t.throws(() => update('ADD tags {0}', 'x'), { instanceOf: MappingError, message: /tags, a Set/ });
  t.throws(() => update('DELETE tags {0}', 7), { instanceOf: MappingError, message: /tags, a Set/ });
  t.throws(() => update('SET status = if_not_exists(status, {0})', 7), {
    instanceOf: MappingError,
    message: /status, a String/,
  });
  t.throws(() => condition('status IN ({0}, {1})', 'a', 7), { instanceOf: MappingError, message: /value \{1\}/ });
  t.throws(() => condition('score BETWEEN {0} AND {1}', 1, 'x'), { instanceOf: MappingError, message: /value \{1\}/ });
  // And the right values pass, converted for the attribute.
  t.true(values(condition('contains(tags, {0})', 'a')).some((v) => (v as { S?: string }).S === 'a'));
  t.true(values(condition('size(history) > {0}', 3)).some((v) => (v as { N?: string }).N === '3'));
  t.true(values(condition('attribute_type(extra, {0})', 'M')).some((v) => (v as { S?: string }).S === 'M'));
  t.true(
    values(update('SET history = list_append(history, {0})', ['x'])).some((v) =>
      Array.isArray((v as { L?: unknown[] }).L),
    ),
  );
  t.true(
    values(condition('dueAt < {0}', new Date(0))).some((v) => (v as { S?: string }).S === '1970-01-01T00:00:00.000Z'),
  );
});

test('a key named by its property gets its format; a stored key name with a bare value is refused with the way to write it', (t) => {
  const key = projects.query.where('projectId = {0} AND begins_with(taskId, {1})', 'p3', 'a').toInput();
  const sent = values(key).map((v) => (v as { S?: string }).S);
  t.deepEqual(sent, ['PROJECT#p3', 'TASK#a']);
  t.true(Object.values(key.ExpressionAttributeNames ?? {}).includes('pk'));
  // The stored form with a formatted value keeps working.
  t.notThrows(() => projects.query.where('pk = {0}' as string, 'PROJECT#p3').toInput());
  // The stored name with a bare value could only miss.
  const error = t.throws(() => projects.query.where('pk = {0}' as string, 'p3').toInput(), {
    instanceOf: MappingError,
  });
  t.regex(error?.message ?? '', /does not have the format of key pk \(PROJECT#<projectId>\).*projectId = \{n\}/);
  t.regex(error?.message ?? '', /key condition template "pk = \{0\}"/);
  // Ranges on a stored sort key name take stored values as they are.
  t.notThrows(() => projects.query.where('pk = {0} AND sk > {1}' as string, 'PROJECT#p3', 'TASK#').toInput());
});

test('a composite key takes an object of its parts; begins_with takes its leading parts', (t) => {
  const input = lines.query
    .where('pk = {0} AND begins_with(sk, {1})' as string, { tenantId: 'acme' }, { orderId: 'o1' })
    .toInput();
  t.deepEqual(
    values(input).map((v) => (v as { S?: string }).S),
    ['TENANT#acme', 'ORDER#o1#'],
  );
  const index = lines.query
    .withIndex('ByAssignee')
    .where('gsi1pk = {0}' as string, { tenantId: 'acme', assignee: 'bob' })
    .toInput();
  t.deepEqual(values(index), [{ S: 'TENANT#acme#ASSIGNEE#bob' }]);
  t.throws(() => lines.query.where('pk = {0}' as string, 'acme').toInput(), {
    instanceOf: MappingError,
    message: /TENANT#\{tenantId\}.*\{ tenantId \}/,
  });
  // A part that would forge another key is refused, as in withKey.
  t.throws(() => lines.query.where('pk = {0}' as string, { tenantId: 'a#TENANT#b' }).toInput(), {
    instanceOf: MappingError,
  });
});

test('keys by property and composite keys from objects find the items DynamoDB Local holds', async (t) => {
  const p = Object.assign(new Project(), { projectId: 'p9', taskId: 'a1', status: 'open', title: 'T', score: 1 });
  const q = Object.assign(new Project(), { projectId: 'p9', taskId: 'b1', status: 'open', title: 'U', score: 2 });
  await projects.put.withItem(p).execute();
  await projects.put.withItem(q).execute();
  const found = await projects.query.where('projectId = {0} AND begins_with(taskId, {1})', 'p9', 'a').all();
  t.deepEqual(
    found.map((x) => x.taskId),
    ['a1'],
  );
  await projects.update
    .withKey({ projectId: 'p9', taskId: 'b1' })
    .set('SET title = {0}, score = score + {1}', 'V', 2)
    .where('status = {0}', 'open')
    .execute();
  const { item } = await projects.get
    .withKey({ projectId: 'p9', taskId: 'b1' })
    .withProjection('title', 'score')
    .execute();
  t.is(item?.title, 'V');
  t.is(item?.score, 4);

  const l = Object.assign(new Line(), { tenantId: 'acme', orderId: 'o1', line: 2, assignee: 'bob' });
  await lines.put.withItem(l).execute();
  const byParts = await lines.query
    .where('pk = {0} AND begins_with(sk, {1})' as string, { tenantId: 'acme' }, { orderId: 'o1' })
    .all();
  t.is(byParts.length, 1);
  const byIndex = await lines.query
    .withIndex('ByAssignee')
    .where('gsi1pk = {0}' as string, { tenantId: 'acme', assignee: 'bob' })
    .all();
  t.is(byIndex[0]?.line, 2);
});

test('a single table checks names against all its entities', (t) => {
  const shared = new SingleTable(client, [Project], { tableName: projects.tableName });
  t.throws(() => shared.query.where('pk = {0}', 'PROJECT#p1').withFilter('stauts = {0}', 'x'), {
    instanceOf: ExpressionError,
    message: /did you mean status/,
  });
  const input = shared.query.where('pk = {0}', 'PROJECT#p1').withFilter('title = {0}', 'x').toInput();
  t.true(Object.values(input.ExpressionAttributeNames ?? {}).includes('title_text'));
});

test('a part of a composite key named in a key condition is refused with the way to write it', (t) => {
  t.throws(() => lines.query.where('tenantId = {0}', 'acme'), {
    instanceOf: ExpressionError,
    message: /It is a part of pk: compare the key with an object of its parts, pk = \{0\} with \{ tenantId: ... \}/,
  });
  t.throws(() => lines.query.withIndex('ByAssignee').where('assignee = {0}', 'bob'), {
    instanceOf: ExpressionError,
    message: /part of gsi1pk \(TENANT#\{tenantId\}#ASSIGNEE#\{assignee\}\)/,
  });
});
