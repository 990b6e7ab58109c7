import 'reflect-metadata';
import { Attribute, CreatedAt, PartitionKey, SortKey, Table, UpdatedAt } from '../../src/index.js';

/** An unversioned entity with a composite primary key, for the large batches. */
@Table('events')
export class Event {
  @PartitionKey({ attribute: 'pk', prefix: 'STREAM' }) stream!: string;
  @SortKey({ attribute: 'sk' }) seq!: number;
  @Attribute() payload!: string;
  @Attribute() tags?: Set<string>;
  @CreatedAt() created?: Date;
  @UpdatedAt() updatedAt?: Date;

  describe(): string {
    return `${this.stream}/${this.seq}`;
  }
}

export function newEvent(stream: string, seq: number, payload = `payload ${stream}/${seq}`): Event {
  return Object.assign(new Event(), { stream, seq, payload });
}
