import { MetadataError } from '../errors/errors.js';

/** Keys that generic code (JSON, promises, inspection, test frameworks) probes on any object. */
const PROBED = new Set([
  'then',
  'toJSON',
  'constructor',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'inspect',
  'toString',
  'valueOf',
]);

/**
 * A frozen record whose unknown string keys throw instead of giving
 * `undefined`: a misspelt field in plain JavaScript (where the types do not
 * catch it) must not become the attribute name "undefined" in an expression.
 * Known keys are own properties, so the lookup is as fast as a plain object.
 */
export function strictRecord<V>(values: Record<string, V>, what: string): Readonly<Record<string, V>> {
  const guard = new Proxy(Object.prototype, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !PROBED.has(key) && !(key in target)) {
        throw new MetadataError(`${what} has no '${key}' (known: ${Object.keys(values).join(', ')})`);
      }
      return Reflect.get(target, key, receiver);
    },
  });
  const record = Object.assign(Object.create(guard) as Record<string, V>, values);
  // Node's util.inspect (console.log) probes many keys ('href', ...) before printing; it asks this first.
  Object.defineProperty(record, INSPECT, { value: () => ({ ...values }), enumerable: false });
  return Object.freeze(record);
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
