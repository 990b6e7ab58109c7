// The entity classes the documentation's examples use. User, OrderLine and Task are exactly as
// docs/guides/entities-and-keys.md declares them (the snippet test holds them equal); the others are the smallest
// entities the examples need.
import 'reflect-metadata';
import { Attribute, Index, PartitionKey, SortKey, Table, TimeToLive, UpdatedAt, Version } from 'fluent-dynamo';

@Table('users')
export class User {
  @PartitionKey({ attribute: 'pk', prefix: 'USER' }) // stored as "USER#<userId>"
  userId!: string;

  @Attribute()
  @Index('EmailIndex', { role: 'partition' })
  email!: string;

  @Attribute() name!: string; // `name` is a DynamoDB reserved word

  @Attribute()
  @Index('StatusIndex', { role: 'partition' })
  status!: 'active' | 'inactive';

  @Attribute({ type: Date }) // explicit type: works without emitDecoratorMetadata
  @Index('StatusIndex', { role: 'sort' })
  createdAt!: Date;

  @UpdatedAt() updatedAt?: Date; // set on every put/update
  @Version() version?: number; // optimistic locking
  @TimeToLive() expiresAt?: Date; // stored as epoch seconds
}

@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}#{line}' })
export class OrderLine {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
  @Attribute() line!: number;
}

@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}' })
@Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
@Index('ByAssignee', { role: 'sort', attribute: 'gsi1sk', template: 'STATUS#{status}#TASK#{taskId}' })
export class Task {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() status!: string;
  @Attribute() assignee?: string;
}

/** Shares the `app` table with Customer (single-table design): both keyed by tenant. */
@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
export class Order {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
  @Attribute() total!: number;
}

@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'CUSTOMER#{customerId}' })
export class Customer {
  @Attribute() tenantId!: string;
  @Attribute() customerId!: string;
  @Attribute() name!: string;
}

/** A user of a tenant, keyed by tenant first, as `tenantPolicy` needs. */
@Table('tenant-users')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#USER#{userId}' })
export class TenantUser {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

/** A tenant's document, for the tenant key guard's examples. */
@Table('docs')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'DOC#{docId}' })
export class Doc {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() title?: string;
}

@Table('audit')
export class AuditEntry {
  @PartitionKey({ attribute: 'pk', prefix: 'AUDIT' }) entryId!: string;
  @Attribute() action!: string;
}

@Table('products')
export class Product {
  @PartitionKey() productId!: string;
  @Attribute() name!: string;
  @Attribute() price!: number;
}

/** Notes share the tenant-keyed `app` table with tasks (the Streams section). */
@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'NOTE#{noteId}' })
export class Note {
  @Attribute() tenantId!: string;
  @Attribute() noteId!: string;
  @Attribute() text!: string;
}

/** A per-tenant counter, kept from the stream in the Streams section. */
@Table('counters')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'COUNTER#{name}' })
export class Counter {
  @Attribute() tenantId!: string;
  @Attribute() name!: string;
  @Attribute() count?: number;
}
