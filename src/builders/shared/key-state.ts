import { InvalidRequestError } from '../../errors/errors.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { KeyInput } from '../../metadata/key-parts.js';
import type { KeyValue, TableTarget } from './table-target.js';
import { withTenantFilled } from './tenant-fill.js';

/**
 * The two forms of withKey: an object of key properties
 * (`withKey({ userId: 'u1' })`, prefixes applied), or stored attribute names
 * and stored values (`withKey(UserFields.userId, UserKeys.pk('u1'))`).
 */
export function keyFrom<T>(target: TableTarget<T>, args: readonly unknown[]): AttributeMap {
  const [first] = args;
  if (typeof first === 'string') {
    if (args.length !== 2 && args.length !== 4) {
      throw new InvalidRequestError(
        `${target.label}: withKey(name, value) or withKey(pkName, pkValue, skName, skValue), got ${args.length} arguments`,
      );
    }
    const pairs: Array<readonly [string, unknown]> = [[first, args[1]]];
    if (args.length === 4) {
      if (typeof args[2] !== 'string')
        throw new InvalidRequestError(`${target.label}: withKey sort key name must be a string`);
      pairs.push([args[2], args[3]]);
    }
    return target.keyFromPairs(pairs);
  }
  if (args.length !== 1 || typeof first !== 'object' || first === null) {
    throw new InvalidRequestError(`${target.label}: withKey needs an object of key properties or (name, value) pairs`);
  }
  return target.keyFromObject(withTenantFilled(target, first));
}

export function requireKey(target: { label: string }, key: AttributeMap | undefined, operation: string): AttributeMap {
  if (!key) throw new InvalidRequestError(`${target.label}: ${operation} needs withKey(...) before execute()`);
  return key;
}

export type WithKeyArgs<T> =
  | [key: KeyInput<T>]
  | [name: string, value: KeyValue]
  | [name: string, value: KeyValue, sortName: string, sortValue: KeyValue];
