import 'reflect-metadata';
import {
  Attribute,
  fieldsOf,
  Index,
  indexesOf,
  keysOf,
  PartitionKey,
  Table,
  TimeToLive,
  UpdatedAt,
  Version,
} from '../../src/index.js';

/** The User entity as the documentation writes it. */
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

export const UserFields = fieldsOf(User);
export const UserKeys = keysOf(User);
export const UserIndexes = indexesOf<'EmailIndex' | 'StatusIndex'>(User);
