import 'reflect-metadata';
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';

/** Two entity types of one tenant-keyed table, told apart by their discriminator or, keys only, by key format. */
@Table('stream_data')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}' })
export class Task {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() title!: string;
  @Attribute() done!: boolean;
  @Attribute({ type: Date }) due?: Date;
  @Attribute({ type: Set }) tags?: Set<string>;
  @Attribute() estimate?: number;
}

@Table('stream_data')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'NOTE#{noteId}' })
export class Note {
  @Attribute() tenantId!: string;
  @Attribute() noteId!: string;
  @Attribute() text!: string;
  @Attribute() attachment?: Uint8Array;
}

export function task(tenantId: string, taskId: string, fields: Partial<Task> = {}): Task {
  return Object.assign(new Task(), { tenantId, taskId, title: `task ${taskId}`, done: false, ...fields });
}

export function note(tenantId: string, noteId: string, fields: Partial<Note> = {}): Note {
  return Object.assign(new Note(), { tenantId, noteId, text: `note ${noteId}`, ...fields });
}
