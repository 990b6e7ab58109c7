// The tenant-client cache of StsTenantClientProvider as a boundary between principals of one tenant: a cached
// client carries the session tags (and session name, ...) of the principal it was assumed for, so another
// principal must never be handed it unless its AssumeRole call would be exactly the same.
//
// - The attack: a principal whose userId holds the characters that used to join the cache key's fields asks for
//   the client of another principal of the same tenant (whose tags it spells out inside its own userId). Checked
//   against the local STS, which tells the tags the session of the client handed out was issued with.
// - Parameters STS would refuse never get a cache entry nor a cached client: refused with a TenantCredentialsError,
//   no STS call, even when a valid principal of the same tenant is cached.
// - Generated principals (control characters, separators, digits and colons, unicode): two of them share a client
//   exactly when their AssumeRole calls are identical; the key function alone, over generated parameter tuples,
//   gives equal keys exactly for equal calls.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import { TenantCredentialsError } from '../../src/errors/errors.js';
import { assumeRoleTarget } from '../../src/tenancy/assume-role-target.js';
import type { StsTenantClientProvider, StsTenantClientProviderOptions } from '../../src/tenancy/index.js';
import { testEndpoint } from '../support/dynamo.js';
import { startCredentialGate } from '../tenancy/support/credential-gate.js';
import { stackFor, type TenancyStack, type User } from '../tenancy/support/stack.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'tenant-cache-boundary');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 150, 40);

/** A principal with an optional zone, which becomes a session tag when it has one. */
interface Zoned extends User {
  readonly zone?: string;
}

/** Session tags from the principal: its user id always, its zone when it has one. */
const zonedTags = (tenantId: string, principal: User | undefined): Record<string, string> => {
  const zone = (principal as Zoned | undefined)?.zone;
  return { TenantId: tenantId, UserId: principal?.userId ?? 'system', ...(zone === undefined ? {} : { Zone: zone }) };
};

/** What STS allows in a tag value (letters, separators, numbers and `_.:/=+-@`, at most 256 characters). */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const validTagValue = (value: string) => TAG_VALUE.test(value) && [...value].length <= 256;

/** A DynamoDB Local behind a gate that records the access key of each request, and a provider sending through it. */
async function gatedProvider(t: ExecutionContext, stack: TenancyStack) {
  const gate = await startCredentialGate(testEndpoint(), () => undefined);
  t.teardown(() => gate.close());
  const provider = stack.provider(gate.endpoint, { tags: zonedTags });
  /** The tags of the STS session the client signs with, as the local STS issued them. */
  const sessionTags = async (client: Awaited<ReturnType<StsTenantClientProvider<User>['clientFor']>>) => {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    const accessKeyId = gate.seen.at(-1) as string;
    return stack.sts.session(accessKeyId)?.tags;
  };
  return { provider, sessionTags };
}

test("a principal whose user id spells out another principal's tags does not get that principal's client", async (t) => {
  const stack = await stackFor(t);
  const { provider, sessionTags } = await gatedProvider(t, stack);
  const alice: Zoned = { userId: 'alice', zone: 'eu', tenants: ['acme'] };
  const aliceClient = await provider.clientFor('acme', alice);
  t.deepEqual(await sessionTags(aliceClient), { TenantId: 'acme', UserId: 'alice', Zone: 'eu' });
  const callsBefore = stack.assumeRoleCount();

  // The control characters that joined tag pairs and tags in the cache key, so the key of "alice" in zone "eu".
  const attackers: Zoned[] = [
    { userId: 'alice\u0001Zone\u0002eu', tenants: ['acme'] },
    { userId: 'alice', zone: 'eu\u0000', tenants: ['acme'] },
    { userId: 'alice\u0000', zone: 'eu', tenants: ['acme'] },
  ];
  for (const mallory of attackers) {
    const outcome = await provider.clientFor('acme', mallory).then(
      (client) => ({ client, error: undefined }),
      (error: unknown) => ({ client: undefined, error }),
    );
    if (outcome.client) {
      t.not(outcome.client, aliceClient, `${JSON.stringify(mallory)} was handed alice's client`);
      t.notDeepEqual(await sessionTags(outcome.client), { TenantId: 'acme', UserId: 'alice', Zone: 'eu' });
    }
    t.true(outcome.error instanceof TenantCredentialsError, `${JSON.stringify(mallory)} is refused`);
    t.is((outcome.error as { code?: string } | undefined)?.code, 'ValidationError');
    t.regex((outcome.error as Error | undefined)?.message ?? '', /tags\.\d\.member\.value/);
    figures.isolationAttacks += 1;
  }
  t.is(stack.assumeRoleCount(), callsBefore, 'no STS call for a refused principal');
  t.is(provider.stats().cachedClients, 1);
  t.deepEqual(await sessionTags(await provider.clientFor('acme', alice)), {
    TenantId: 'acme',
    UserId: 'alice',
    Zone: 'eu',
  });
});

test('parameters STS would refuse get no cached client, also when the same tenant is cached', async (t) => {
  const stack = await stackFor(t);
  const provider = stack.provider('http://127.0.0.1:9', {
    sessionName: (tenantId, principal) => `tenant-${tenantId}-user-${principal?.userId ?? 'system'}`,
  });
  await provider.clientFor('acme', { userId: 'u1', tenants: ['acme'] });
  const callsBefore = stack.assumeRoleCount();
  for (const userId of ['u1\u0000', 'u 1', 'u1/admin', 'x'.repeat(60)]) {
    await t.throwsAsync(
      provider.clientFor('acme', { userId, tenants: ['acme'] }),
      { instanceOf: TenantCredentialsError, message: /roleSessionName/ },
      JSON.stringify(userId),
    );
    figures.badInputs += 1;
  }
  t.is(stack.assumeRoleCount(), callsBefore);
  t.is(provider.stats().cachedClients, 1);
  t.is(provider.stats().hits, 0, 'a refused call is not a cache hit');
});

/** Characters that could confuse a key made of joined or length-prefixed fields, and some that STS allows. */
const TRICKY = [
  'a',
  'b',
  'é',
  '1',
  '0',
  ':',
  '-',
  '#',
  '|',
  ' ',
  '\u0000',
  '\u0001',
  '\u0002',
  '\u001f',
  '\u2028',
  '😀',
];
const tricky = (maxLength: number) => fc.string({ unit: fc.constantFrom(...TRICKY), maxLength });
const allowedInTags = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...TRICKY.filter(validTagValue)), maxLength });

test('generated principals share a cached client exactly when their AssumeRole calls are identical', async (t) => {
  const stack = await stackFor(t);
  const { provider, sessionTags } = await gatedProvider(t, stack);
  const value = (maxLength: number) => fc.oneof(allowedInTags(maxLength), tricky(maxLength));
  const principal = fc.record(
    { userId: value(6), zone: value(4), tenants: fc.constant(['acme']) },
    { requiredKeys: ['userId', 'tenants'] },
  );
  // Each principal with a zone, and one that writes that zone into its user id between separator characters.
  const principals = fc
    .array(fc.tuple(principal, fc.constantFrom('\u0001', '\u0000'), fc.constantFrom('\u0002', ':')), {
      minLength: 1,
      maxLength: 3,
    })
    .map((drawn) =>
      drawn.flatMap(([p, a, b]): Zoned[] =>
        p.zone === undefined ? [p] : [p, { userId: `${p.userId}${a}Zone${b}${p.zone}`, tenants: p.tenants }],
      ),
    );
  // Clients handed out so far, with the tags their AssumeRole asked for.
  const tagsOf = new Map<object, string>();
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(principals, async (drawn) => {
      runs++;
      for (const p of drawn) {
        const expected = JSON.stringify(zonedTags('acme', p));
        const valid = validTagValue(p.userId) && (p.zone === undefined || validTagValue(p.zone));
        if (!valid) {
          await t.throwsAsync(provider.clientFor('acme', p), { instanceOf: TenantCredentialsError });
          figures.isolationAttacks += 1;
          continue;
        }
        const client = await provider.clientFor('acme', p);
        const known = tagsOf.get(client);
        if (known === undefined) {
          tagsOf.set(client, expected);
          // The session the client signs with was issued with this principal's tags.
          const issued = await sessionTags(client);
          t.is(JSON.stringify(issued), expected);
        } else {
          t.is(known, expected, `a client of tags ${known} was handed to a principal of tags ${expected}`);
        }
      }
      // One client per distinct AssumeRole call, and one AssumeRole per client.
      t.is(new Set(tagsOf.values()).size, tagsOf.size);
      t.is(stack.assumeRoleCount(), tagsOf.size);
    }),
    { numRuns: RUNS },
  );
  figures.operations += runs;
});

// --- the key function alone ----------------------------------------------------------------------------------

interface Call {
  readonly tenantId: string;
  readonly region?: string;
  readonly roleArn: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  readonly tags?: Record<string, string>;
  readonly transitive?: string[];
  readonly policy?: string;
  readonly policyArns?: string[];
  readonly sourceIdentity?: string;
}

const call: fc.Arbitrary<Call> = fc.record(
  {
    tenantId: tricky(3),
    region: tricky(2),
    roleArn: tricky(3),
    sessionName: tricky(3),
    externalId: tricky(2),
    tags: fc.dictionary(tricky(2), tricky(2), { maxKeys: 3 }),
    transitive: fc.array(tricky(2), { maxLength: 2 }),
    policy: tricky(2),
    policyArns: fc.array(tricky(2), { maxLength: 2 }),
    sourceIdentity: tricky(2),
  },
  { requiredKeys: ['tenantId', 'roleArn'] },
);

function keyOf(c: Call): string {
  const options: StsTenantClientProviderOptions<User> = {
    roleArn: c.roleArn,
    sessionName: c.sessionName as string,
    externalId: c.externalId,
    region: c.region,
    tags: c.tags,
    transitiveTagKeys: c.transitive,
    policy: c.policy,
    policyArns: c.policyArns,
    sourceIdentity: c.sourceIdentity,
  };
  return assumeRoleTarget(options, 3600, c.tenantId, undefined).key;
}

/** The call as STS and the provider see it: tags as a set, empty lists as none, the default session name. */
function canonical(c: Call): string {
  const tags = Object.entries(c.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    c.tenantId,
    c.region ?? null,
    c.roleArn,
    c.sessionName ?? `tenant-${c.tenantId}`,
    c.externalId ?? null,
    tags.length > 0 ? tags : null,
    c.transitive?.length ? c.transitive : null,
    c.policy ?? null,
    c.policyArns?.length ? c.policyArns : null,
    c.sourceIdentity ?? null,
  ]);
}

test('the cache key of two AssumeRole calls is the same exactly when the calls are', (t) => {
  // Pairs built to be near each other: one value moved across a field boundary, or a separator added.
  const nearPair = call.chain((a) =>
    fc.oneof(
      fc.constant([a, { ...a }] as const),
      call.map((b) => [a, b] as const),
      fc.nat(6).map((cut) => {
        const joined = `${a.roleArn}${a.sessionName ?? ''}`;
        return [a, { ...a, roleArn: joined.slice(0, cut), sessionName: joined.slice(cut) }] as const;
      }),
    ),
  );
  fc.assert(
    fc.property(nearPair, ([a, b]) => {
      t.is(keyOf(a) === keyOf(b), canonical(a) === canonical(b), `${canonical(a)} / ${canonical(b)}`);
    }),
    { numRuns: RUNS * 25 },
  );
  // Fields whose text shifts across a boundary with the old control-character joins.
  const shifted = [
    [
      { tenantId: 'acme', roleArn: 'r', tags: { UserId: 'alice', Zone: 'eu' } },
      { tenantId: 'acme', roleArn: 'r', tags: { UserId: 'alice\u0001Zone\u0002eu' } },
    ],
    [
      { tenantId: 'acme', roleArn: 'r', sessionName: 's\u0000x' },
      { tenantId: 'acme', roleArn: 'r', sessionName: 's', region: 'x' },
    ],
    [
      { tenantId: 'acme', roleArn: 'r', externalId: '' },
      { tenantId: 'acme', roleArn: 'r' },
    ],
    [
      { tenantId: 'a', roleArn: '1:b' },
      { tenantId: 'a1', roleArn: ':b' },
    ],
  ] as const satisfies ReadonlyArray<readonly [Call, Call]>;
  for (const [a, b] of shifted) {
    t.not(keyOf(a), keyOf(b), `${canonical(a)} / ${canonical(b)}`);
  }
});
