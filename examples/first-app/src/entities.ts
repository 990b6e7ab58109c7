import 'reflect-metadata';
import {
  Attribute,
  CreatedAt,
  Index,
  indexesOf,
  KeyParts,
  PartitionKey,
  SortKey,
  Table,
  Version,
} from '../../../src/index.js';

// One table for the whole app. Every key starts with the tenant (TENANT#acme...): the
// tenant key guard, and IAM's dynamodb:LeadingKeys on AWS, keep each tenant to its own items.

@Table('first-app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'PROJECT#{projectId}' })
export class Project {
  // The key parts, for the compiler: withKey({...}) then takes exactly these.
  declare readonly [KeyParts]?: { partition: 'tenantId'; sort: 'projectId'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() projectId!: string;
  @Attribute() name!: string;
  @CreatedAt() createdAt?: Date;
  @Version() version?: number;
}

// A task lives in its project's part of the tenant's partition. The ByAssignee index
// finds one person's tasks across projects; its key starts with the tenant too.
@Table('first-app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'PROJECT#{projectId}#TASK#{taskId}' })
@Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
@Index('ByAssignee', { role: 'sort', attribute: 'gsi1sk', template: 'TASK#{taskId}' })
export class Task {
  declare readonly [KeyParts]?: { partition: 'tenantId'; sort: 'projectId' | 'taskId'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() projectId!: string;
  @Attribute() taskId!: string;
  @Attribute() title!: string;
  @Attribute() assignee?: string;
  @CreatedAt() createdAt?: Date;
  @Version() version?: number;
}

export const TaskIndexes = indexesOf<'ByAssignee'>(Task);
