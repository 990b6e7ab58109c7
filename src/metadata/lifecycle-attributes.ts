import type { CompiledAttribute } from './compiled-types.js';
import type { LifecycleRole } from './types.js';

const DECORATORS: Readonly<Record<LifecycleRole, string>> = {
  version: '@Version',
  createdAt: '@CreatedAt',
  updatedAt: '@UpdatedAt',
  ttl: '@TimeToLive',
};

/** The attributes the library maintains, one per role. */
export interface LifecycleAttributes {
  readonly version: CompiledAttribute | undefined;
  readonly createdAt: CompiledAttribute | undefined;
  readonly updatedAt: CompiledAttribute | undefined;
  readonly ttl: CompiledAttribute | undefined;
}

/**
 * The attribute of each lifecycle role. Two of one role (in one class, or a class and its base) are refused:
 * only one would be maintained, and the other would silently be a plain attribute (a second @Version never
 * checked, a second @UpdatedAt never updated).
 */
export function lifecycleAttributes(
  attributes: readonly CompiledAttribute[],
  fail: (message: string, property?: string) => never,
): LifecycleAttributes {
  const only = (role: LifecycleRole): CompiledAttribute | undefined => {
    const [first, second] = attributes.filter((a) => a.lifecycle === role);
    if (first !== undefined && second !== undefined) {
      const decorator = DECORATORS[role];
      fail(
        `${decorator} is on both ${first.property} and ${second.property} (in this class or a base class), but a class has one ${decorator} property: keep it on one of them`,
        second.property,
      );
    }
    return first;
  };
  return { version: only('version'), createdAt: only('createdAt'), updatedAt: only('updatedAt'), ttl: only('ttl') };
}
