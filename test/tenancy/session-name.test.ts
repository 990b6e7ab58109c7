// Every tenant id the provider accepts makes a valid AssumeRole call with the default session name and a tag that
// carries the id: a long id does not overflow RoleSessionName, and an id a session tag value cannot hold is refused
// as an invalid tenant id before STS is asked (a 403 through the middleware, not a failed AssumeRole and a 500).
import test from 'ava';
import express, { type Request } from 'express';
import { TenantAccessDeniedError } from '../../src/errors/errors.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { type TenantAccessDeniedReason, tenantIdProblem } from '../../src/tenancy/index.js';
import { fetchJson, serve } from '../middleware/support/http.js';
import { ACCOUNT, member, stackFor } from './support/stack.js';

const NOWHERE = 'http://127.0.0.1:9';
// One role for every tenant, with the tenant in a session tag: the role name does not grow with the id.
const ONE_ROLE = { roleArn: `arn:aws:iam::${ACCOUNT}:role/TenantRole`, tags: (id: string) => ({ TenantId: id }) };

function sessionNames(stack: Awaited<ReturnType<typeof stackFor>>): string[] {
  return stack.sts.assumeRoleCalls().map((c) => (c.input as { RoleSessionName?: string }).RoleSessionName as string);
}

test('ids up to the longest accepted get a valid default session name, checked by the local STS', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, { ...ONE_ROLE, maxTenantIdLength: 256 });
  const ids = ['a'.repeat(57), 'b'.repeat(58), `c${'x'.repeat(63)}`, 'd'.repeat(256), 'e-1.2@x+y=z_'.repeat(6)];
  for (const id of ids) {
    t.is(tenantIdProblem(id, 256), undefined, id);
    await t.notThrowsAsync(tenants.clientFor(id, member('u', id)), id);
  }
  const names = sessionNames(stack);
  t.is(names.length, ids.length);
  t.true(
    stack.sts.assumeRoleCalls().every((c) => c.outcome.ok),
    'STS accepted every call',
  );
  for (const name of names) {
    t.true(name.length >= 2 && name.length <= 64, name);
    t.regex(name, /^[\w+=,.@-]*$/);
  }
  t.is(names[0], `tenant-${'a'.repeat(57)}`, 'an id that fits keeps the plain name');
  t.regex(names[1] as string, /^tenant-b{40},[\w-]{16}$/, 'a longer one: its first 40 characters and a hash');
});

test('two long ids that differ only at the end get different session names; one id always the same', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, ONE_ROLE);
  const stem = 'tenant'.repeat(10).slice(0, 63);
  const [one, two] = [`${stem}1`, `${stem}2`];
  const first = await tenants.clientFor(one, member('u', one));
  const second = await tenants.clientFor(two, member('u', two));
  t.not(first, second);
  const [nameOne, nameTwo] = sessionNames(stack);
  t.not(nameOne, nameTwo);

  // Deterministic: another provider (another process, after a restart) names the same id's session the same.
  const again = await stackFor(t);
  await again.provider(NOWHERE, ONE_ROLE).clientFor(one, member('u', one));
  t.deepEqual(sessionNames(again), [nameOne]);
  // And a shortened name is never a shorter id's: `,` is in no tenant id.
  t.truthy(tenantIdProblem((nameOne as string).slice('tenant-'.length)));
});

test('an id with `,` (not allowed in a session tag value) is refused as an invalid tenant id before STS', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, ONE_ROLE);
  for (const id of ['acme,globex', 'a,', 'acme,']) {
    const error = await t.throwsAsync(tenants.clientFor(id, member('u', id)), {
      instanceOf: TenantAccessDeniedError,
      message: /invalid tenant id .*"," at position/,
    });
    t.is((error as { reason?: TenantAccessDeniedReason } | undefined)?.reason, 'invalid-tenant-id');
  }
  t.is(stack.assumeRoleCount(), 0, 'no STS call');
});

test('through the middleware: a long id is served, an id with `,` is a 403 invalid-tenant-id', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, ONE_ROLE);
  const app = express();
  app.get(
    '/t/:tenantId',
    // A principal that lists the tenant it asks for: only the id itself can be refused.
    expressTenantContext({
      provider: tenants,
      principal: (req: Request) => member('u', req.params.tenantId as string),
    }),
    (_req, res) => void res.json({ ok: true }),
  );
  const served = await serve(app);
  t.teardown(() => served.close());
  const long = 'l'.repeat(64);
  const answer = await fetchJson(served.url(`/t/${long}`));
  t.is(answer.status, 200, JSON.stringify(answer.body));
  const comma = await fetchJson(served.url('/t/acme,globex'));
  t.deepEqual([comma.status, comma.body.reason], [403, 'invalid-tenant-id'], JSON.stringify(comma.body));
  t.is(stack.assumeRoleCount(), 1, 'only the long id asked STS');
});
