import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TenantIsolationError } from '../errors/errors.js';
import type { TenantScope } from './tenant-scope.js';

/** What a value that is no string or number is, in an error. */
const KINDS: Record<string, string> = {
  B: '<binary>',
  L: '<a list>',
  M: '<a map>',
  SS: '<a set>',
  NS: '<a set>',
  BS: '<a set>',
  BOOL: '<a boolean>',
  NULL: '<null>',
};

/** A key value as an error shows it: strings and numbers as they are, other values by their kind only. */
export function show(value: AttributeValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value.S !== undefined || value.N !== undefined) return JSON.stringify(value.S ?? value.N);
  return KINDS[Object.keys(value)[0] ?? ''] ?? '<a value>';
}

/** Throws the guard's TenantIsolationError, naming the tenant, the operation and the table. */
export function refuse(scope: TenantScope, operation: string, table: string, what: string): never {
  const error = new TenantIsolationError(
    `${operation} on ${table} refused in the scope of tenant ${scope.tenantId}: ${what} (the tenant owns keys ${scope.keyPrefix} and ${scope.keyPrefix}${scope.separator}...)`,
  );
  Object.assign(error, { tenantId: scope.tenantId, table, operation });
  throw error;
}
