/**
 * The source of the compile-time benchmark: an entity and 300 distinct
 * literal templates on its repository (conditions, filters, key conditions
 * and updates, of every construct), written once checked and once widened
 * to `string` (the same calls, with the checks off).
 */

const ENTITY = `
import { Attribute, PartitionKey, Repository, SortKey, Table } from '../../src/index.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

class Geo {
  @Attribute() lat!: number;
  @Attribute() lng!: number;
}
class Place {
  @Attribute() city!: string;
  @Attribute() geo?: Geo;
}
@Table('bench_profiles')
class Profile {
  @PartitionKey() profileId!: string;
  @SortKey() rev!: number;
  @Attribute() name!: string;
  @Attribute() nick!: string;
  @Attribute() email!: string;
  @Attribute() status!: 'active' | 'inactive' | 'blocked';
  @Attribute() score?: number;
  @Attribute() level?: number;
  @Attribute() points?: number;
  @Attribute() active?: boolean;
  @Attribute({ type: Date }) seen?: Date;
  @Attribute({ type: Set }) tags?: Set<string>;
  @Attribute({ type: Array }) notes?: string[];
  @Attribute() place?: Place;
  @Attribute({ type: Array, items: Place }) visits?: Place[];
  @Attribute() bytes?: Uint8Array;
}
const profiles = new Repository(Profile, { client: new DynamoDBClient({}), tableName: 'bench' });
const key = { profileId: 'p', rev: 1 };
const seen = new Date(0);
export const calls: unknown[] = [];
`;

const STRINGS = ['name', 'nick', 'email'] as const;
const NUMBERS = ['score', 'level', 'points'] as const;
const COMPARATORS = ['=', '<>', '<', '<=', '>', '>='] as const;

/** One call: the template and its values' source text. */
interface Call {
  readonly receiver: string;
  readonly method: string;
  readonly template: string;
  readonly values: readonly string[];
}

/** 300 distinct calls: every combination below, cycled until there are enough. */
function calls(): Call[] {
  const out: Call[] = [];
  const put = 'profiles.put.withItem(new Profile())';
  const update = 'profiles.update.withKey(key)';
  for (const s of STRINGS) {
    for (const n of NUMBERS) {
      for (const [i, op] of COMPARATORS.entries()) {
        out.push({
          receiver: put,
          method: 'where',
          template: `${s} = {0} AND ${n} ${op} {1}`,
          values: ["'x'", `${i}`],
        });
        out.push({
          receiver: 'profiles.scan',
          method: 'withFilter',
          template: `(begins_with(${s}, {0}) OR contains(tags, {1})) AND ${n} BETWEEN {2} AND {3} AND size(notes) ${op} {4}`,
          values: ["'a'", "'t'", '1', '9', `${i}`],
        });
        out.push({
          receiver: update,
          method: 'set',
          template: `SET ${s} = {0}, ${n} = ${n} + {1}, notes = list_append(if_not_exists(notes, {2}), {3}) REMOVE place.geo ADD tags {4}`,
          values: ["'x'", `${i}`, '[]', "['n']", "new Set(['t'])"],
        });
        out.push({
          receiver: 'profiles.query',
          method: 'where',
          template: `profileId = {0} AND rev ${op === '<>' ? '=' : op} {1}`,
          values: ["'p'", `${i}`],
        });
        out.push({
          receiver: put,
          method: 'where',
          template: `attribute_not_exists(profileId) OR (status IN ({0}, {1}) AND NOT ${s} = {2} AND place.geo.lat ${op} {3} AND seen < {4:o} AND visits[${i}].city = {5})`,
          values: ["'active'", "'blocked'", "'y'", '1', 'seen', "'Oslo'"],
        });
        out.push({
          receiver: 'profiles.scan',
          method: 'withFilter',
          template: `#{0} = {1} AND ${n} ${op} {2} AND attribute_type(${s}, {3})`,
          values: ["'name'", "'x'", `${i}`, "'S'"],
        });
      }
    }
  }
  return out.slice(0, 300);
}

/** The benchmark file: the calls with literal templates (`checked`) or with templates widened to `string`. */
export function benchmarkSource(checked: boolean): string {
  const list = calls();
  const lines = list.map((c) => {
    const template = checked ? `'${c.template}'` : `'${c.template}' as string`;
    return `calls.push(${c.receiver}.${c.method}(${[template, ...c.values].join(', ')}));`;
  });
  return `${ENTITY}\n${lines.join('\n')}\n`;
}

export const TEMPLATE_COUNT = 300;
