// Tenant ids and separators a scope must refuse, because one tenant's key prefix would cover another's:
// - an id that is not well-formed Unicode (a lone surrogate): DynamoDB may store `TENANT#x\uD800` and
//   `TENANT#x\uD801` as one key, so tenant `x\uD801` would read tenant `x\uD800`'s items;
// - a separator that overlaps itself (`--`): tenant `acme-`'s keys (`TENANT#acme-` + `--`...) start with
//   `TENANT#acme--`, so tenant `acme` would own them.
import test from 'ava';
import fc from 'fast-check';
import { ConfigurationError } from '../../src/clients/configuration-error.js';
import {
  Attribute,
  DynamoDbTable,
  InvalidRequestError,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  StsTenantClientProvider,
  Table,
  TenantIsolationError,
} from '../../src/index.js';
import { separatorOverlap, tenantScopeOf } from '../../src/isolation/tenant-scope.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { countRequests } from '../fixtures/readings.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';

@Table('scope_ids')
class Row {
  @PartitionKey() pk!: string;
  @SortKey() sk!: string;
  @Attribute() secret?: string;
}

const client = testClient(`s${randomAlphanumeric(12)}`);
const requests = countRequests(client);
const rows = new Repository(Row, { client, tableName: uniqueTableName('scope_ids') });

test.after.always(() => client.destroy());

test('a tenant id with a lone surrogate is refused on entering its scope, before anything is sent', async (t) => {
  const before = requests.count;
  for (const tenantId of ['x\uD801', 'x\uDC00y', '\uD800']) {
    const error = t.throws(
      () => runInTenantScope({ tenantId }, () => rows.get.withKey({ pk: `TENANT#${tenantId}`, sk: 'S' }).execute()),
      { instanceOf: InvalidRequestError },
    );
    t.regex(error?.message ?? '', /lone surrogates/);
  }
  t.is(requests.count, before, 'nothing sent');
  // A well-formed pair is one character (an emoji), not a lone surrogate: still a valid scope.
  t.notThrows(() => tenantScopeOf({ tenantId: 'x\uD83D\uDE00' }));
});

test("a self-overlapping separator is refused: tenant acme cannot read or write tenant acme-'s partition", async (t) => {
  const before = requests.count;
  const victim = 'TENANT#acme---DOC#secret';
  for (const attempt of [
    () => rows.get.withKey({ pk: victim, sk: 'S' }).execute(),
    () => rows.put.withItem(Object.assign(new Row(), { pk: victim, sk: 'S', secret: 'overwritten' })).execute(),
  ]) {
    const error = t.throws(() => runInTenantScope({ tenantId: 'acme', separator: '--' }, attempt), {
      instanceOf: InvalidRequestError,
    });
    t.regex(error?.message ?? '', /separator "--" overlaps itself: tenant "acme-"/);
  }
  t.is(requests.count, before, 'nothing sent');
});

test('the tenant middleware refuses a self-overlapping separator when it is created', (t) => {
  const provider = new StsTenantClientProvider({
    roleArn: 'arn:aws:iam::123456789012:role/tenant',
    sts: { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
    pruneIntervalSeconds: 0,
  });
  t.teardown(() => provider.close());
  for (const separator of ['--', '..', 'x-x-', '|#|']) {
    const refused = separatorOverlap(separator) !== undefined;
    const create = () =>
      expressTenantContext({ provider, principal: () => ({ tenants: ['acme'] }), isolation: { separator } });
    if (refused) t.throws(create, { instanceOf: ConfigurationError, message: /overlaps itself/ }, separator);
    else t.notThrows(create, separator);
  }
  t.deepEqual(
    ['--', '..', 'x-x-', '|#|', '#', '|', '-#-', '##'].map((s) => separatorOverlap(s)),
    ['-', '.', 'x-', undefined, undefined, undefined, undefined, undefined],
  );
});

// Every pair of tenants the scope accepts under one separator: neither owns the other's keys. Small alphabets,
// so that ids ending in part of the separator, and separators that repeat, come up often.
test("property: two distinct tenants a scope accepts never own each other's keys", (t) => {
  const character = fc.constantFrom('a', 'b', '-', '.', '#', '|', ':');
  const text = (min: number, max: number) =>
    fc.array(character, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
  let pairs = 0;
  fc.assert(
    // b is often a itself plus a character or two: where one tenant's prefix could cover another's.
    fc.property(text(1, 3), text(1, 4), text(1, 4), fc.boolean(), text(0, 3), (separator, a, other, derived, rest) => {
      const b = derived ? a + other.slice(0, 2) : other;
      fc.pre(a !== b);
      let scopes: ReturnType<typeof tenantScopeOf>[];
      try {
        scopes = [tenantScopeOf({ tenantId: a, separator }), tenantScopeOf({ tenantId: b, separator })];
      } catch {
        return true;
      }
      pairs += 1;
      const [scopeA, scopeB] = scopes as [ReturnType<typeof tenantScopeOf>, ReturnType<typeof tenantScopeOf>];
      for (const key of [scopeB.keyPrefix, `${scopeB.keyPrefix}${separator}${rest}`]) {
        if (scopeA.owns({ S: key })) throw new Error(`tenant ${a} owns ${key} of tenant ${b} (separator ${separator})`);
      }
      return true;
    }),
    { numRuns: 5_000 },
  );
  t.true(pairs > 500, `${pairs} accepted pairs tried`);
});

test('TenantIsolationError still guards a valid scope: the attack above without the bad separator is refused', async (t) => {
  const before = requests.count;
  await t.throwsAsync(
    runInTenantScope({ tenantId: 'acme' }, () =>
      rows.get.withKey({ pk: 'TENANT#acme-#DOC#secret', sk: 'S' }).execute(),
    ),
    { instanceOf: TenantIsolationError },
  );
  t.is(requests.count, before, 'nothing sent');
});

test("a refusal names the scope's own separator, and a key that is no string by its kind only", async (t) => {
  const raw = new DynamoDbTable(client, rows.tableName, { partitionKey: 'pk', sortKey: 'sk' });
  const error = await t.throwsAsync(
    runInTenantScope({ tenantId: 'acme', separator: '|' }, () =>
      // A list where a key belongs, as plain JavaScript (a parsed JSON body) may give it.
      raw.get.withKey('pk', ['TENANT#acme|x', 'secret'] as unknown as string, 'sk', 'S').execute(),
    ),
    { instanceOf: TenantIsolationError },
  );
  t.regex(error?.message ?? '', /the tenant owns keys TENANT#acme and TENANT#acme\|\.\.\./);
  t.regex(error?.message ?? '', /<a list>/);
  t.notRegex(error?.message ?? '', /secret/);
});

test('a custom keyPrefix is checked with its separator: what follows the tenant id must not repeat its start', (t) => {
  // T#x + 'ab' + 'ba' + ...: tenant xabb's keys (T#xabbab + ba...) would start with tenant x's T#xabba.
  const isolation = { keyPrefix: (id: string) => `T#${id}ab`, separator: 'ba' };
  const scopeOf = (tenantId: string) =>
    tenantScopeOf({ tenantId, ...isolation, keyPrefix: isolation.keyPrefix(tenantId) });
  const error = t.throws(() => scopeOf('x'), { instanceOf: InvalidRequestError });
  t.regex(
    error?.message ?? '',
    /what follows the tenant id in its keys \("abba", the rest of keyPrefix and the separator\) overlaps itself: tenant "xabb"/,
  );
  // The same prefix with '#': nothing a tenant id may hold completes it.
  const x = tenantScopeOf({ tenantId: 'x', keyPrefix: 'T#xab', separator: '#' });
  t.false(x.owns({ S: 'T#xabbab#DOC#1' }));
  t.true(x.owns({ S: 'T#xab#DOC#1' }));
});
