// Templates the run-time checks once accepted although DynamoDB refuses them for the attribute's type, or although the
// item they write no longer reads back through the entity: found by the generated templates of
// checked-templates-properties.test.ts run against DynamoDB Local, on an entity with one attribute of every kind
// (fast-check picks the names, property or stored, and the values). Each is now a named error (ExpressionError or
// MappingError) before anything is sent.
import { inspect } from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import { createTable, ExpressionError, MappingError, Repository } from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { countingClientOf } from './support/counting-client.js';
import { figuresFor } from './support/figures.js';
import {
  type AttrSpec,
  type EntitySpec,
  entityClass,
  goodValueOf,
  KINDS,
  type Kind,
  keyPart,
  storedOf,
} from './support/generated-entities.js';

const figures = figuresFor(test, 'checked-templates-type-gaps');
fc.configureGlobal({ includeErrorInReport: true });
const SEED = Number(process.env.CHECKED_TEMPLATES_SEED ?? Date.now() % 2 ** 31);

type Item = Record<string, unknown>;
const ACCESS_KEY = 'templatetypegaps';
const client = testClient(ACCESS_KEY);

const EVERY_KIND: EntitySpec = {
  pk: { property: 'ownerId', stored: 'pk', prefix: 'OWNER' },
  sk: { property: 'itemId', stored: 'sk', prefix: 'ITEM' },
  attrs: KINDS.map((kind, i) => ({
    property: `the${kind}`,
    kind,
    ...(i % 2 === 0 ? { stored: `stored${kind}` } : {}),
  })),
};
const everyKind = { entity: entityClass('EveryKind', EVERY_KIND), tableName: uniqueTableName('every-kind') };
const KEY = { ownerId: 'o1', itemId: 'i1' };
/** The item the copying requests work on, in a partition of its own: what they write cannot be read by the others. */
const COPY_KEY = { ownerId: 'o2', itemId: 'i1' };
test.before(async () => {
  await createTable(client, everyKind.entity, { tableName: everyKind.tableName });
  // An item with every attribute, so that DynamoDB judges the requests below on their types alone.
  const values = Object.fromEntries(EVERY_KIND.attrs.map((a) => [a.property, fc.sample(goodValueOf[a.kind], 1)[0]]));
  const repo = new Repository(everyKind.entity, { client, tableName: everyKind.tableName });
  for (const key of [KEY, COPY_KEY]) {
    await repo.put.withItem(Object.assign(new (everyKind.entity as new () => Item)(), values, key)).execute();
  }
});

const attrOf = (kind: Kind) => EVERY_KIND.attrs.find((a) => a.kind === kind) as AttrSpec;
/** A name of an attribute of one of `kinds`: its property or its stored name. */
const nameOfKind = (...kinds: Kind[]) =>
  fc
    .constantFrom(...kinds)
    .chain((kind) => fc.constantFrom(attrOf(kind).property, storedOf(attrOf(kind))).map((name) => ({ kind, name })));

/** The request is refused with ExpressionError or MappingError, and nothing was sent. */
async function refusedBeforeSending(what: string, run: (repo: Repository<Item>) => Promise<unknown>): Promise<void> {
  const counting = countingClientOf(ACCESS_KEY);
  figures.add({ operations: 1 });
  let error: unknown;
  try {
    await run(new Repository(everyKind.entity, { client: counting.client, tableName: everyKind.tableName }));
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ExpressionError || error instanceof MappingError)) {
    throw new Error(`${what}: expected ExpressionError or MappingError, got ${error === undefined ? 'none' : error}`);
  }
  if (counting.sent() !== 0) throw new Error(`${what}: sent before the ${error.name}`);
  figures.add({ badInputs: 1 });
}

const updateRefused = (template: string, ...values: unknown[]) => updateAtRefused(KEY, template, ...values);
const updateAtRefused = (key: Item, template: string, ...values: unknown[]) =>
  refusedBeforeSending(`update ${template} with ${inspect(values)}`, (repo) =>
    repo.update
      .withKey(key)
      .set(template, ...values)
      .execute(),
  );
const filterRefused = (template: string, ...values: unknown[]) =>
  refusedBeforeSending(`filter ${template} with ${inspect(values)}`, (repo) =>
    repo.query
      .where('ownerId = {0}', 'o1')
      .withFilter(template, ...values)
      .all(),
  );
const refusals = (arbitrary: fc.Arbitrary<() => Promise<void>>) =>
  fc.assert(
    fc.asyncProperty(arbitrary, (run) => run()),
    { numRuns: 20, seed: SEED },
  );

// DynamoDB: "Incorrect operand type for operator or function; operator: ADD, operand type: STRING" (BOOLEAN).
test('ADD on a String, Boolean or Date attribute is refused before sending (ADD takes numbers and sets)', (t) =>
  refusals(
    nameOfKind('String', 'Boolean', 'Date').chain(({ kind, name }) =>
      goodValueOf[kind].map((v) => () => updateRefused(`ADD ${name} {0}`, v)),
    ),
  ).then(() => t.pass()));

// DynamoDB: "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER" (STRING ...).
test('DELETE on an attribute that is not a Set is refused before sending', (t) =>
  refusals(
    nameOfKind('Number', 'String', 'Boolean', 'Array').chain(({ kind, name }) =>
      goodValueOf[kind].map((v) => () => updateRefused(`DELETE ${name} {0}`, v)),
    ),
  ).then(() => t.pass()));

// DynamoDB: "An operand in the update expression has an incorrect data type".
test('arithmetic on an attribute that is not a Number is refused before sending', (t) =>
  refusals(
    fc.tuple(nameOfKind('String', 'Boolean', 'Set', 'Array', 'Date'), fc.integer({ min: 0, max: 9 })).map(
      ([{ name }, k]) =>
        () =>
          updateRefused(`SET ${name} = ${name} + {0}`, k),
    ),
  ).then(() => t.pass()));

// DynamoDB: "An operand in the update expression has an incorrect data type".
test('list_append on an attribute that is not an Array is refused before sending', (t) =>
  refusals(
    fc.tuple(nameOfKind('Set', 'String', 'Number'), goodValueOf.Array).map(
      ([{ name }, list]) =>
        () =>
          updateRefused(`SET ${name} = list_append(${name}, {0})`, list),
    ),
  ).then(() => t.pass()));

// DynamoDB: "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL" (SS).
test('an order comparison on a Boolean, Set, Array or Object attribute is refused before sending', (t) =>
  refusals(
    fc
      .tuple(nameOfKind('Boolean', 'Set', 'Array', 'Object'), fc.constantFrom('<', '<=', '>', '>='))
      .chain(([{ kind, name }, op]) => goodValueOf[kind].map((v) => () => filterRefused(`${name} ${op} {0}`, v))),
  ).then(() => t.pass()));

// DynamoDB: "Filter Expression can only contain non-primary key attributes: Primary key attribute: pk".
test("a query filter naming the table's key is refused before sending", (t) =>
  refusals(
    fc.tuple(fc.constantFrom('ownerId', 'pk', 'itemId', 'sk'), keyPart).map(
      ([name, part]) =>
        () =>
          filterRefused(`${name} = {0}`, name.endsWith('Id') ? part : `${name === 'pk' ? 'OWNER' : 'ITEM'}#${part}`),
    ),
  ).then(() => t.pass()));

// Accepted as "stored with the attribute's own type" (S); the item then reads back with an Invalid Date.
test('a string that is not a date, given for a Date attribute, is a MappingError before sending', (t) =>
  refusals(
    fc
      .tuple(
        fc.constantFrom(attrOf('Date').property, storedOf(attrOf('Date'))),
        fc.string({ maxLength: 8 }).filter((s) => Number.isNaN(Date.parse(s))),
        fc.boolean(),
      )
      .map(
        ([name, text, asUpdate]) =>
          () =>
            asUpdate ? updateRefused(`SET ${name} = {0}`, text) : filterRefused(`${name} = {0}`, text),
      ),
  ).then(() => t.pass()));

// Accepted and applied: the item then fails to read back ("P.b: expected a stored boolean (BOOL), found N").
test('copying one attribute into an attribute of another type is refused before sending', (t) =>
  refusals(
    fc
      .tuple(nameOfKind('Number', 'Boolean', 'Set', 'Date'), nameOfKind('Number', 'Boolean', 'Set', 'Date'))
      .filter(([a, b]) => a.kind !== b.kind)
      .map(
        ([a, b]) =>
          () =>
            updateRefused(`SET ${a.name} = ${b.name}`),
      ),
  ).then(() => t.pass()));
