/**
 * Entities for the compile-time template checks: every kind of property a
 * path can go through (nested class, plain object type, list of classes,
 * tuple, set, map, binary, date, literal union). Stored names equal property
 * names, so the positive cases render the same before and after the run time
 * maps property names to stored names.
 */
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';

export class Geo {
  @Attribute() lat!: number;
  @Attribute() lng!: number;
}

export class Place {
  @Attribute() city!: string;
  @Attribute() geo?: Geo;
}

@Table('type_profiles')
export class Profile {
  @PartitionKey() profileId!: string;
  @SortKey() rev!: number;

  @Attribute() name!: string;
  @Attribute() status!: 'active' | 'inactive';
  @Attribute() score?: number;
  @Attribute() active?: boolean;
  @Attribute({ type: Date }) seen?: Date;
  @Attribute({ type: Set }) tags?: Set<string>;
  @Attribute({ type: Set }) lucky?: Set<number>;
  @Attribute({ type: Array }) notes?: string[];
  @Attribute({ type: Array }) pair?: [string, number];
  @Attribute() place?: Place;
  @Attribute({ type: Array, items: Place }) visits?: Place[];
  @Attribute({ type: Map }) prefs?: { theme: string; font: { size: number } };
  @Attribute() bytes?: Uint8Array;
  @Attribute() lookup?: Map<string, number>;
  @Attribute() extra?: Record<string, unknown>;

  greet(): string {
    return `Hello, ${this.name}`;
  }
}

/** Two entities of one table, for SingleTable (items are a union, so templates stay open). */
@Table('type_shared', { entityType: 'NOTE' })
export class Note {
  @PartitionKey() ownerId!: string;
  @SortKey() itemId!: string;
  @Attribute() text!: string;
}

@Table('type_shared', { entityType: 'TASK' })
export class Task {
  @PartitionKey() ownerId!: string;
  @SortKey() itemId!: string;
  @Attribute() done!: boolean;
}
