// Each error carries the names of its classes under this registered symbol: the same in the ESM and the
// CommonJS copy of the package.
const BRANDS = Symbol.for('fluent-dynamo.error-brands');

/**
 * Base of every error the package throws; its `name` is the name of its class.
 *
 * `instanceof` works across the ESM and CommonJS copies of the package: each
 * error class is branded by name with a registered symbol, and
 * `Symbol.hasInstance` checks the brand instead of the prototype chain.
 */
export class FluentDynamoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    const brands: Set<string> = new Set();
    for (let proto = new.target; proto && proto !== Error; proto = Object.getPrototypeOf(proto)) {
      brands.add(proto.name);
    }
    Object.defineProperty(this, BRANDS, { value: brands, enumerable: false });
  }

  /**
   * `instance instanceof ThisClass`: true when `instance` was created by this error class or a subclass of it,
   * in the ESM or the CommonJS copy of the package alike.
   */
  // `this` is the class `instanceof` was asked about (a subclass too), not FluentDynamoError.
  static override [Symbol.hasInstance](instance: unknown): boolean {
    if (typeof instance !== 'object' || instance === null) return false;
    const brands = (instance as Record<symbol, unknown>)[BRANDS];
    // biome-ignore lint/complexity/noThisInStatic: the receiver is the point here
    return brands instanceof Set ? brands.has(this.name) : Function.prototype[Symbol.hasInstance].call(this, instance);
  }
}
