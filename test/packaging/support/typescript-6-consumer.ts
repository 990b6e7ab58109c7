// A TypeScript app on TypeScript 6 (the last compiler with a JavaScript API, which tools such as TypeDoc, ts-jest and
// ts-node still need) type-checks the published declarations as one on TypeScript 7 does: the checked templates and
// key objects refuse what they refuse there, and a repository, builder or key input of an entity is one of `object`,
// alone or inside a generic type of the app's own.

/** Entities declaring their key parts, repositories of both in one list, and calls that must not compile. */
export const TYPESCRIPT_6_CONSUMER = `
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  Attribute,
  type DeleteItemBuilder,
  type GetItemBuilder,
  type KeyInput,
  KeyParts,
  PartitionKey,
  type PartitionKeyInput,
  Repository,
  SortKey,
  type SortKeyInput,
  Table,
  type UpdateItemBuilder,
} from 'fluent-dynamo';

@Table('accounts')
export class Account {
  declare readonly [KeyParts]?: { partition: 'accountId' };
  @PartitionKey({ attribute: 'pk', prefix: 'ACCOUNT' }) accountId!: string;
  @Attribute() name!: string;
}

@Table('orders')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#USER#{userId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
export class Order {
  declare readonly [KeyParts]?: { partition: 'tenantId' | 'userId'; sort: 'orderId'; tenant: 'tenantId' };
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
  @Attribute() orderId!: string;
  @Attribute() status!: string;
  @Attribute() total!: number;
}

const client = new DynamoDBClient({ region: 'us-east-1' });
const accounts = new Repository(Account, client);
const orders = new Repository(Order, client);
const orderKey = { tenantId: 'acme', userId: 'u1', orderId: 'o1' };

// A registry of repositories, and builders of any entity where an object's will do.
export const repositories: ReadonlyArray<Repository<object>> = [accounts, orders];
export const gets: ReadonlyArray<GetItemBuilder<object, object>> = [orders.get, accounts.get.withProjection('name')];
export const updates: ReadonlyArray<UpdateItemBuilder<object, unknown>> = [orders.update, orders.update.returnValues('ALL_NEW')];
export const deletes: ReadonlyArray<DeleteItemBuilder<object>> = [orders.delete, accounts.delete];

// A generic type of the app's own around builders and key inputs: one of object, whatever the entity.
interface KeyedService<T> {
  readonly get: GetItemBuilder<T>;
  key(input: KeyInput<T>): void;
  partition(input: PartitionKeyInput<T>): void;
  sort(input: SortKeyInput<T>): void;
}
declare const accountService: KeyedService<Account>;
declare const orderService: KeyedService<Order>;
export const services: ReadonlyArray<KeyedService<object>> = [accountService, orderService];

export async function paid(): Promise<number | undefined> {
  const { attributes } = await orders.update
    .withKey(orderKey)
    .set('SET status = {0}, total = total + {1}', 'paid', 3)
    .where('status = {0} AND attribute_exists(total)', 'open')
    .returnValues('ALL_NEW')
    .execute();
  const page = await orders.query.where('tenantId = {0} AND userId = {1}', 'acme', 'u1').withFilter('total > {0}', 2).execute();
  return attributes?.total ?? page.items[0]?.total;
}

export const refused = [
  // @ts-expect-error a misspelt property in SET
  () => orders.update.withKey(orderKey).set('SET stauts = {0}', 'paid'),
  // @ts-expect-error a value of the wrong type for the property
  () => orders.update.withKey(orderKey).set('SET total = {0}', 'three'),
  // @ts-expect-error a condition on a property the entity does not have
  () => orders.delete.withKey(orderKey).where('attribute_exists(nope)'),
  // @ts-expect-error the key with another property besides
  () => accounts.get.withKey({ accountId: 'a1', name: 'Ada' }),
  // @ts-expect-error a composite key without one of its parts
  () => orders.get.withKey({ tenantId: 'acme', userId: 'u1' }),
];
`;
