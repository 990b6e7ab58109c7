// Types that say no more than is true: a projected read is partial, UPDATED_* return values are partial,
// tenant errors carry typed fields. The type checks are compiled by `npm test` (tsc): every
// `@ts-expect-error` line must fail to compile, every other line must compile. The ava test runs the
// builders (nothing is sent) so the file is not only types.
import 'reflect-metadata';
import test from 'ava';
import type { TenantIsolationDetails } from '../../src/errors/errors.js';
import {
  BatchGetItemRequestBuilder,
  type GetItemBuilder,
  Repository,
  runInTenantScope,
  type TenantAccessDeniedError,
  type TenantAccessDeniedReason,
  TenantIsolationError,
  TransactGetItemsRequestBuilder,
  type UpdateItemBuilder,
} from '../../src/index.js';
import { invalidTenantId } from '../../src/tenancy/tenant-id.js';
import { OrderLine, User } from '../fixtures/entities.js';
import { countingClient } from '../reliability/support/clients.js';

/** True only when A and B are the same type. */
type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

type Result<B extends { execute(): Promise<unknown> }> = Awaited<ReturnType<B['execute']>>;

const client = countingClient();
const users = new Repository(User, { client, tableName: 'never-sent' });
const lines = new Repository(OrderLine, { client, tableName: 'never-sent' });

// --- get: withProjection makes the item partial -------------------------------------------------------
const whole = users.get.withKey({ userId: 'u1' });
const projected = users.get.withKey({ userId: 'u1' }).withProjection('name', 'email');
assertType<Equals<Result<typeof whole>['item'], User | undefined>>();
assertType<Equals<Result<typeof projected>['item'], Partial<User> | undefined>>();
// The other fluent calls keep the projection's type, in either order.
const projectedThenConsistent = users.get.withKey({ userId: 'u1' }).withProjection('name').consistentRead();
const consistentThenProjected = users.get.consistentRead().withProjection('name').withKey({ userId: 'u1' });
assertType<Equals<Result<typeof projectedThenConsistent>['item'], Partial<User> | undefined>>();
assertType<Equals<Result<typeof consistentThenProjected>['item'], Partial<User> | undefined>>();
const stillGetBuilder: GetItemBuilder<User> = users.get;

async function projectedRead(): Promise<void> {
  const { item } = await projected.execute();
  const partial: Partial<User> | undefined = item;
  // @ts-expect-error a projected item lacks the attributes left out: it is not a User
  const entity: User | undefined = item;
  const { item: full } = await whole.execute();
  const user: User | undefined = full;
  void [partial, entity, user, stillGetBuilder];
}

// Batch and transaction reads still take projected builders.
const batch = new BatchGetItemRequestBuilder(client).get(users, (b) =>
  b.withKey({ userId: 'u1' }).withProjection('name'),
);
const txGet = new TransactGetItemsRequestBuilder(client).get(users, (b) =>
  b.withKey({ userId: 'u1' }).withProjection('name'),
);

// --- update: returnValues says how much of the item comes back ---------------------------------------
const update = users.update.withKey({ userId: 'u1' }).set('SET name = {0}', 'x');
type Attributes<B extends { execute(): Promise<{ attributes?: unknown }> }> = Result<B>['attributes'];
assertType<Equals<Attributes<ReturnType<typeof update.returnValues<'ALL_NEW'>>>, User | undefined>>();
const allNew = update.returnValues('ALL_NEW');
const allOld = update.returnValues('ALL_OLD');
const updatedNew = update.returnValues('UPDATED_NEW');
const updatedOld = update.returnValues('UPDATED_OLD');
const none = update.returnValues('NONE');
assertType<Equals<Attributes<typeof allNew>, User | undefined>>();
assertType<Equals<Attributes<typeof allOld>, User | undefined>>();
assertType<Equals<Attributes<typeof updatedNew>, Partial<User> | undefined>>();
assertType<Equals<Attributes<typeof updatedOld>, Partial<User> | undefined>>();
assertType<Equals<Attributes<typeof none>, undefined>>();
// A mode only known at run time: as much as the least of them promises.
declare const someMode: 'ALL_NEW' | 'UPDATED_NEW';
assertType<
  Equals<Attributes<ReturnType<typeof update.returnValues<typeof someMode>>>, User | Partial<User> | undefined>
>();
// Fluent calls after returnValues keep its type.
const updatedNewWithCondition = update.returnValues('UPDATED_NEW').where('status = {0}', 'active');
assertType<Equals<Attributes<typeof updatedNewWithCondition>, Partial<User> | undefined>>();
const stillUpdateBuilder: UpdateItemBuilder<User> = users.update;

async function updatedRead(): Promise<void> {
  const { attributes } = await updatedNew.execute();
  const partial: Partial<User> | undefined = attributes;
  // @ts-expect-error UPDATED_NEW gives the attributes the update wrote, not a whole User
  const entity: User | undefined = attributes;
  const { attributes: wholeItem } = await allNew.execute();
  const user: User | undefined = wholeItem;
  const { attributes: nothing } = await none.execute();
  // @ts-expect-error NONE returns no attributes
  void nothing?.name;
  void [partial, entity, user, stillUpdateBuilder];
}

// --- setValues: Partial<T> of the entity --------------------------------------------------------------
// Only compiled: the refused ones would throw MappingError when run.
function setValuesTypes(): void {
  users.update.withKey({ userId: 'u1' }).setValues({ name: 'Jane', status: 'active', expiresAt: new Date() });
  // @ts-expect-error not a property of User
  users.update.withKey({ userId: 'u1' }).setValues({ nickname: 'J' });
  // @ts-expect-error status is 'active' | 'inactive'
  users.update.withKey({ userId: 'u1' }).setValues({ status: 'gone' });
  // @ts-expect-error placedAt is a Date
  lines.update.withKey({ tenantId: 't', orderId: 'o', line: 1 }).setValues({ placedAt: '2020-01-01' });
}

// --- delete and put: ALL_OLD is the whole item ---------------------------------------------------------
const deleted = users.delete.withKey({ userId: 'u1' }).returnValues('ALL_OLD');
assertType<Equals<Result<typeof deleted>['attributes'], User | undefined>>();

// --- tenant errors ---------------------------------------------------------------------------------------
function reasonOf(error: TenantAccessDeniedError): TenantAccessDeniedReason | undefined {
  const reason = error.reason;
  if (reason === 'not-a-member' || reason === 'invalid-tenant-id') return reason;
  // @ts-expect-error not one of the reasons
  if (reason === 'forbidden') return undefined;
  return reason;
}
// @ts-expect-error not one of the reasons
const badReason: TenantAccessDeniedReason = 'nope';
function isolationFields(error: TenantIsolationError): TenantIsolationDetails {
  const tenantId: string | undefined = error.tenantId;
  const operation: string | undefined = error.operation;
  const table: string | undefined = error.table;
  // @ts-expect-error the operation is a name
  const count: number | undefined = error.operation;
  void count;
  return { tenantId, operation, table };
}

test('the typed builders run as before: projections, return values, tenant error fields', async (t) => {
  t.is(projected.toInput().ProjectionExpression, '#n0, #n1');
  t.is(whole.toInput().ProjectionExpression, undefined);
  t.is(updatedNew.toInput().ReturnValues, 'UPDATED_NEW');
  t.is(allOld.toInput().ReturnValues, 'ALL_OLD');
  t.is(batch.size, 1);
  t.is(txGet.size, 1);
  const denied = invalidTenantId('no spaces');
  t.is(denied && reasonOf(denied), 'invalid-tenant-id');
  const refused = await runInTenantScope({ tenantId: 'acme' }, async () =>
    lines.put
      .withItem(Object.assign(new OrderLine(), { tenantId: 'other', orderId: 'o', line: 1, product: 'p' }))
      .execute(),
  ).catch((e: unknown) => e);
  t.true(refused instanceof TenantIsolationError, String(refused));
  t.deepEqual(isolationFields(refused as TenantIsolationError), {
    tenantId: 'acme',
    operation: 'PutItem',
    table: 'never-sent',
  });
  t.is(client.sent, 0);
  void [projectedRead, updatedRead, setValuesTypes, badReason, stillGetBuilder];
});
