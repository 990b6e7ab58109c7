import 'reflect-metadata';
import { Attribute, Index, PartitionKey, SortKey, Table } from '../../../src/index.js';

/** Notes of an owner (the partition key, stored as written: `TENANT#acme#...` for the tenant guard). */
@Table('otel-notes')
export class Note {
  @PartitionKey({ attribute: 'pk' }) owner!: string;
  @SortKey({ attribute: 'sk' }) seq!: number;
  @Attribute() @Index('ByTopic', { role: 'partition' }) topic!: string;
  @Attribute() text!: string;
  @Attribute() status?: string;
}

export function note(owner: string, seq: number, topic = 'general', text = `note ${seq}`): Note {
  return Object.assign(new Note(), { owner, seq, topic, text });
}
