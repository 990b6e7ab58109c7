// Templates on typed repositories, checked against entities generated at run time (fast-check):
//
// - Entity shapes: a partition key and maybe a sort key, each by property or under a stored name, with or without
//   a prefix; 2 to 6 attributes of type String, Number, Boolean, Date, Set, Array, Object or a decorated class
//   (paths below it by its property or stored names; below an Object, any name), some stored under another name.
//   Each shape gets a class made with the decorators and a DynamoDB Local table of its own.
// - Generated templates against each shape (names drawn from its property and stored names, values of the right
//   type for what they are placed against): update actions (SET of whole values, arithmetic, if_not_exists,
//   list_append, ADD, DELETE, REMOVE) under a condition, delete conditions, key conditions and filters of queries,
//   scan filters. Every one is accepted and DynamoDB Local runs it (a failed condition is a fine outcome, a
//   refused request is not); after an update, the values it SET read back through the entity.
// - The same templates with one name replaced by an undeclared one (a typo of a declared name, another
//   identifier) are an ExpressionError, with one value replaced by a value of the wrong type for its slot a
//   MappingError: both before anything is sent (a client that counts its sends sees none).
// Templates accepted although DynamoDB refuses them are in checked-templates-type-gaps.test.ts.
import { inspect, isDeepStrictEqual } from 'node:util';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import {
  ConditionalCheckFailedError,
  createTable,
  ExpressionError,
  MappingError,
  Repository,
} from '../../src/index.js';
import type { EntityClass } from '../../src/metadata/types.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { countingClientOf } from './support/counting-client.js';
import { figuresFor } from './support/figures.js';
import { type EntitySpec, entityClass, entitySpec, itemOf, keyPart } from './support/generated-entities.js';
import {
  condition,
  keyCondition,
  type Mutation,
  nameMutation,
  type Pieces,
  render,
  type UpdateTemplate,
  update,
  valueMutation,
} from './support/generated-templates.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'checked-templates-properties');
fc.configureGlobal({ includeErrorInReport: true });

const SHAPES = sized('RELIABILITY_TEMPLATE_SHAPES', 8, 4);
const RUNS = sized('RELIABILITY_FC_RUNS', 40, 12);
const REFUSAL_RUNS = sized('RELIABILITY_FC_RUNS', 150, 50);
const SEED = Number(process.env.CHECKED_TEMPLATES_SEED ?? Date.now() % 2 ** 31);

type Item = Record<string, unknown>;

/** What DynamoDB Local made of the generated requests, for the log. */
const outcomes = {
  updates: 0,
  conditionsPassed: 0,
  queries: 0,
  queryItems: 0,
  scans: 0,
  deletes: 0,
  deletesApplied: 0,
};
test.after.always('outcomes', (t) => t.log(JSON.stringify(outcomes)));

interface Shape {
  readonly spec: EntitySpec;
  readonly entity: EntityClass<Item>;
  readonly repository: Repository<Item>;
  /** The same table through a client that counts what it sends. */
  readonly counted: Repository<Item>;
  readonly sent: () => number;
}

const ACCESS_KEY = 'checkedtemplates';
const client = testClient(ACCESS_KEY);
const countingClient = () => countingClientOf(ACCESS_KEY);

const shapes: Shape[] = fc.sample(entitySpec, { numRuns: SHAPES, seed: SEED }).map((spec, i) => {
  const entity = entityClass(`Gen${i}`, spec);
  const tableName = uniqueTableName(`gen${i}`);
  const counting = countingClient();
  return {
    spec,
    entity,
    repository: new Repository(entity, { client, tableName }),
    counted: new Repository(entity, { client: counting.client, tableName }),
    sent: counting.sent,
  };
});

test.before(async () => {
  await Promise.all(shapes.map((s) => createTable(client, s.entity, { tableName: s.repository.tableName })));
});

const keyOf = (spec: EntitySpec, pk: string, sk: string): Item => ({
  [spec.pk.property]: pk,
  ...(spec.sk ? { [spec.sk.property]: sk } : {}),
});

/** Everything one run does with the templates, on `repository`. */
interface Requests {
  readonly key: Item;
  readonly update: UpdateTemplate;
  readonly updateCondition: Pieces;
  readonly deleteCondition: Pieces;
  readonly keyCondition: Pieces;
  readonly filter: Pieces;
  readonly scanFilter: Pieces;
}

const requests = (spec: EntitySpec): fc.Arbitrary<Requests> =>
  fc.tuple(keyPart, keyPart).chain(([pk, sk]) =>
    fc.record({
      key: fc.constant(keyOf(spec, pk, sk)),
      update: update(spec),
      updateCondition: condition(spec, true),
      deleteCondition: condition(spec, true),
      keyCondition: keyCondition(spec, pk),
      filter: condition(spec, false),
      scanFilter: condition(spec, true),
    }),
  );

/** A condition that failed is an outcome; anything else DynamoDB says is a refused request. */
async function conditional(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedError) return false;
    throw error;
  }
}

function sameValue(read: unknown, written: unknown): boolean {
  if (written instanceof Date) return read instanceof Date && read.getTime() === written.getTime();
  if (written instanceof Set) {
    return read instanceof Set && [...read].sort().join('\u0000') === [...written].sort().join('\u0000');
  }
  return isDeepStrictEqual(read, written);
}

async function runAll(shape: Shape, item: Item, r: Requests): Promise<void> {
  const { repository: repo } = shape;
  const set = render(r.update.pieces);
  const where = render(r.updateCondition);
  figures.add({ operations: 1 });
  await repo.put.withItem(Object.assign(new (shape.entity as new () => Item)(), item, r.key)).execute();
  figures.add({ operations: 1 });
  const updated = await conditional(() =>
    repo.update
      .withKey(r.key)
      .set(set.template, ...set.values)
      .where(where.template, ...where.values)
      .execute(),
  );
  // Whatever the condition said, the same SET without it applies: its values read back through the entity.
  if (!updated) {
    figures.add({ operations: 1 });
    await repo.update
      .withKey(r.key)
      .set(set.template, ...set.values)
      .execute();
  }
  outcomes.updates += 1;
  if (updated) outcomes.conditionsPassed += 1;
  if (r.update.written.length > 0) {
    figures.add({ operations: 1 });
    const { item: read } = await repo.get.withKey(r.key).consistentRead().execute();
    for (const w of r.update.written) {
      const at = read?.[w.property];
      const got = w.sub === undefined ? at : (at as Record<string, unknown> | undefined)?.[w.sub];
      if (!sameValue(got, w.value)) {
        throw new Error(
          `SET ${w.property}${w.sub ? `.${w.sub}` : ''} = ${inspect(w.value)} read back ${inspect(got)} (${set.template})`,
        );
      }
      figures.add({ writesVerified: 1 });
    }
  }
  const keys = render(r.keyCondition);
  const filter = render(r.filter);
  figures.add({ operations: 1 });
  const found = await repo.query
    .where(keys.template, ...keys.values)
    .withFilter(filter.template, ...filter.values)
    .all();
  outcomes.queries += 1;
  outcomes.queryItems += found.length;
  const scan = render(r.scanFilter);
  figures.add({ operations: 1 });
  await repo.scan.withFilter(scan.template, ...scan.values).all();
  outcomes.scans += 1;
  const del = render(r.deleteCondition);
  figures.add({ operations: 1 });
  const deleted = await conditional(() =>
    repo.delete
      .withKey(r.key)
      .where(del.template, ...del.values)
      .execute(),
  );
  outcomes.deletes += 1;
  if (deleted) outcomes.deletesApplied += 1;
}

for (const [i, shape] of shapes.entries()) {
  test(`generated templates on shape ${i} are accepted and DynamoDB Local runs them; SET values read back`, async (t) => {
    t.log(`seed ${SEED}; shape ${JSON.stringify(shape.spec)}`);
    await fc.assert(
      fc.asyncProperty(itemOf(shape.spec), requests(shape.spec), (item, r) => runAll(shape, item, r)),
      { numRuns: RUNS, seed: SEED + i },
    );
    t.pass();
  });
}

type Place = 'set' | 'updateCondition' | 'deleteCondition' | 'keyCondition' | 'filter' | 'scanFilter';
const PLACES: readonly Place[] = ['set', 'updateCondition', 'deleteCondition', 'keyCondition', 'filter', 'scanFilter'];

const piecesAt = (r: Requests, place: Place): Pieces => (place === 'set' ? r.update.pieces : r[place]);

/** The request of `place`, its template mutated, executed through the counting client. */
function mutated(shape: Shape, r: Requests, place: Place, mutation: Mutation): Promise<unknown> {
  const repo = shape.counted;
  const m = (pieces: Pieces) => render(pieces, pieces === piecesAt(r, place) ? mutation : undefined);
  const set = m(r.update.pieces);
  const where = m(r.updateCondition);
  const keys = m(r.keyCondition);
  const filter = m(r.filter);
  return (async () => {
    switch (place) {
      case 'set':
      case 'updateCondition':
        return repo.update
          .withKey(r.key)
          .set(set.template, ...set.values)
          .where(where.template, ...where.values)
          .execute();
      case 'deleteCondition': {
        const del = m(r.deleteCondition);
        return repo.delete
          .withKey(r.key)
          .where(del.template, ...del.values)
          .execute();
      }
      case 'keyCondition':
      case 'filter':
        return repo.query
          .where(keys.template, ...keys.values)
          .withFilter(filter.template, ...filter.values)
          .all();
      case 'scanFilter': {
        const scan = m(r.scanFilter);
        return repo.scan.withFilter(scan.template, ...scan.values).all();
      }
    }
  })();
}

async function refused(
  t: ExecutionContext,
  shape: Shape,
  r: Requests,
  place: Place,
  mutation: Mutation,
  expected: typeof ExpressionError | typeof MappingError,
): Promise<void> {
  const before = shape.sent();
  let error: unknown;
  try {
    await mutated(shape, r, place, mutation);
  } catch (e) {
    error = e;
  }
  const { template, values } = render(piecesAt(r, place), mutation);
  const what = `${place} template ${JSON.stringify(template)} with ${JSON.stringify(values)}`;
  if (!(error instanceof expected)) {
    throw new Error(`${what}: expected ${expected.name}, got ${error === undefined ? 'no error' : String(error)}`);
  }
  const sent = shape.sent() - before;
  if (sent !== 0) throw new Error(`${what}: ${sent} request(s) sent before the ${expected.name}`);
  figures.add({ badInputs: 1 });
  t.truthy(error);
}

for (const [i, shape] of shapes.entries()) {
  test(`on shape ${i}, one undeclared name is an ExpressionError and one wrong value a MappingError, nothing sent`, async (t) => {
    t.log(`seed ${SEED}; shape ${JSON.stringify(shape.spec)}`);
    const withPlace = requests(shape.spec).chain((r) =>
      fc
        .constantFrom(...PLACES)
        .chain((place) =>
          fc.tuple(
            fc.constant(r),
            fc.constant(place),
            nameMutation(shape.spec, piecesAt(r, place)),
            valueMutation(piecesAt(r, place)),
          ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(withPlace, async ([r, place, name, value]) => {
        await refused(t, shape, r, place, name, ExpressionError);
        if (value !== undefined) await refused(t, shape, r, place, value, MappingError);
      }),
      { numRuns: REFUSAL_RUNS, seed: SEED + 1000 + i },
    );
  });
}
