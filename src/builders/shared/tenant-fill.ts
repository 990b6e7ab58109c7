import { currentTenantScope } from '../../isolation/tenant-scope.js';
import type { TableTarget } from './table-target.js';

/**
 * Inside a tenant scope, an entity or key object whose composite partition
 * key has the scope's tenant property unset gets the scope's tenant id (a
 * copy; the given object is not changed). A different tenant id is left as
 * it is: the guard refuses it when the request is sent.
 */
export function withTenantFilled<V extends object>(target: TableTarget<unknown>, value: V): V {
  const scope = currentTenantScope();
  if (!scope || !target.partitionProperties.includes(scope.tenantProperty)) return value;
  if ((value as Record<string, unknown>)[scope.tenantProperty] !== undefined) return value;
  return Object.assign(Object.create(Object.getPrototypeOf(value)), value, { [scope.tenantProperty]: scope.tenantId });
}
