import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TenantIsolationError } from '../errors/errors.js';
import type { TenantScope } from './tenant-scope.js';

/** A key value as an error shows it (binary values are not printed). */
export function show(value: AttributeValue | undefined): string {
  return value === undefined ? 'missing' : JSON.stringify(value.S ?? value.N ?? '<binary>');
}

/** Throws the guard's TenantIsolationError, naming the tenant, the operation and the table. */
export function refuse(scope: TenantScope, operation: string, table: string, what: string): never {
  const error = new TenantIsolationError(
    `${operation} on ${table} refused in the scope of tenant ${scope.tenantId}: ${what} (the tenant owns keys ${scope.keyPrefix} and ${scope.keyPrefix}#...)`,
  );
  Object.assign(error, { tenantId: scope.tenantId, table, operation });
  throw error;
}
