import 'reflect-metadata';
import {
  Attribute,
  CreatedAt,
  fieldsOf,
  Index,
  keysOf,
  PartitionKey,
  Repository,
  SortKey,
  Table,
  TimeToLive,
  UpdatedAt,
  Version,
} from '../../../src/index.js';
import { type RecordingClient, recordingClient } from '../../support/recording-client.js';

/**
 * A member: a prefixed partition key, reserved words as attribute names (`name`, `status`), properties
 * stored under other names (email -> mail, joinedAt -> joined), two GSIs, and every managed attribute.
 */
@Table('unit_members')
export class Member {
  @PartitionKey({ attribute: 'pk', prefix: 'MEMBER' })
  memberId!: string;

  @Attribute({ name: 'mail' })
  @Index('EmailIndex', { role: 'partition' })
  email!: string;

  @Attribute() name!: string;

  @Attribute()
  @Index('StatusIndex', { role: 'partition' })
  status!: 'active' | 'inactive';

  @Attribute({ type: Date, name: 'joined' })
  @Index('StatusIndex', { role: 'sort' })
  joinedAt!: Date;

  @Attribute() score?: number;

  @CreatedAt() createdAt?: Date;
  @UpdatedAt() updatedAt?: Date;
  @Version() version?: number;
  @TimeToLive({ name: 'ttl' }) expiresAt?: Date;

  greet(): string {
    return `Hello, ${this.name}`;
  }
}

export const MemberFields = fieldsOf(Member);
export const MemberKeys = keysOf(Member);

export const JOINED = new Date('2026-01-02T03:04:05.678Z');

export function newMember(memberId: string, overrides: Partial<Member> = {}): Member {
  return Object.assign(new Member(), {
    memberId,
    email: `${memberId}@example.com`,
    name: `Name ${memberId}`,
    status: 'active',
    joinedAt: JOINED,
    ...overrides,
  });
}

/** The stored form of newMember(memberId) without managed attributes, as DynamoDB would return it. */
export function storedMember(memberId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: { S: `MEMBER#${memberId}` },
    mail: { S: `${memberId}@example.com` },
    name: { S: `Name ${memberId}` },
    status: { S: 'active' },
    joined: { S: JOINED.toISOString() },
    ...extra,
  };
}

/** An order line: a prefixed partition and sort key, no managed attributes. */
@Table('unit_orders')
export class Order {
  @PartitionKey({ attribute: 'pk', prefix: 'CUSTOMER' })
  customerId!: string;

  @SortKey({ attribute: 'sk', prefix: 'ORDER' })
  orderId!: string;

  @Attribute() total!: number;

  @Attribute({ name: 'state' }) orderState?: string;
}

export const OrderFields = fieldsOf(Order);

export function newOrder(customerId: string, orderId: string, total: number): Order {
  return Object.assign(new Order(), { customerId, orderId, total });
}

/** A tenant's document: a composite partition key that starts with the tenant. */
@Table('unit_tenant_docs')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#DOC#{docId}' })
@SortKey({ attribute: 'sk', template: 'V#{rev}' })
export class TenantDoc {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() rev!: number;
  @Attribute() title!: string;
}

export const DocKeys = keysOf(TenantDoc);

export function newDoc(tenantId: string, docId: string, title = docId): TenantDoc {
  return Object.assign(new TenantDoc(), { tenantId, docId, rev: 1, title });
}

/** Repositories of the unit fixtures on one recording client. */
export function recordingRepositories(): {
  recorder: RecordingClient;
  members: Repository<Member>;
  orders: Repository<Order>;
  docs: Repository<TenantDoc>;
} {
  const recorder = recordingClient();
  return {
    recorder,
    members: new Repository(Member, recorder.client),
    orders: new Repository(Order, recorder.client),
    docs: new Repository(TenantDoc, recorder.client),
  };
}
