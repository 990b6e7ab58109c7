import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Access, GuardedTable, IndexKeyWrite } from './accesses.js';
import { refuse, show } from './refuse.js';
import type { TenantScope } from './tenant-scope.js';

type Item = Record<string, AttributeValue>;

function partitionKey(scope: TenantScope, operation: string, table: GuardedTable): string {
  if (table.partitionKey === undefined) {
    refuse(
      scope,
      operation,
      table.name,
      'the partition key of the table is unknown, so it cannot be checked (use a Repository, or give DynamoDbTable its partitionKey)',
    );
  }
  return table.partitionKey;
}

function checkOwned(
  scope: TenantScope,
  operation: string,
  table: string,
  what: string,
  value: AttributeValue | undefined,
) {
  if (!scope.owns(value)) refuse(scope, operation, table, `${what} = ${show(value)} is another tenant's`);
}

/**
 * The index keys that belong to a tenant: declared tenant-prefixed, or composite with the scope's tenant
 * property first (`TENANT#{tenantId}#...`). IAM's `dynamodb:LeadingKeys` sees only the table's key on
 * writes, so these are checked here or nowhere.
 */
function tenantIndexKeys(scope: TenantScope, table: GuardedTable) {
  return table.tenantIndexKeys.filter((k) => k.tenantPrefixed || k.leadingProperty === scope.tenantProperty);
}

function checkWrittenItem(scope: TenantScope, operation: string, table: GuardedTable, item: Item | undefined) {
  const attribute = partitionKey(scope, operation, table);
  checkOwned(scope, operation, table.name, `partition key ${attribute}`, item?.[attribute]);
  if (!item) return;
  // An absent index key keeps the item out of the index.
  for (const key of tenantIndexKeys(scope, table)) {
    const value = item[key.attribute];
    if (value !== undefined) checkOwned(scope, operation, table.name, `index key ${key.attribute}`, value);
  }
}

function checkIndexKeyWrites(
  scope: TenantScope,
  operation: string,
  table: GuardedTable,
  writes: readonly IndexKeyWrite[],
) {
  const checked = tenantIndexKeys(scope, table);
  for (const write of writes) {
    if (!checked.some((k) => k.attribute === write.attribute)) continue;
    const value = write.value();
    if (value === undefined) {
      refuse(
        scope,
        operation,
        table.name,
        `index key ${write.attribute} is written with a value that cannot be checked before sending; write it as SET ${write.attribute} = {0}`,
      );
    }
    checkOwned(scope, operation, table.name, `index key ${write.attribute}`, value);
  }
}

/**
 * An index is queried in a scope only when its partition key holds tenants' keys: the table's own partition key
 * (a local index, or a global one keyed on it), or a tenant index key (its writes are checked above). Any other
 * index holds values any tenant may write (`TENANT#acme#...` among them), so a value that looks like the
 * tenant's would still read another tenant's items.
 */
function checkIndexQueryable(
  scope: TenantScope,
  operation: string,
  table: GuardedTable,
  index: string,
  attribute: string,
): void {
  if (attribute === table.partitionKey || tenantIndexKeys(scope, table).some((k) => k.attribute === attribute)) return;
  refuse(
    scope,
    operation,
    table.name,
    `index ${index} is keyed on ${attribute}, which is not tenant-prefixed: any tenant can write its values, so it cannot be queried in a tenant scope (make its partition key a template that starts with {${scope.tenantProperty}}, or declare it tenantPrefixed so that its writes are checked)`,
  );
}

function checkAccess(scope: TenantScope, operation: string, access: Access): void {
  const { table } = access;
  switch (access.kind) {
    case 'key': {
      const attribute = partitionKey(scope, operation, table);
      checkOwned(scope, operation, table.name, `partition key ${attribute}`, access.key?.[attribute]);
      if (access.indexKeyWrites?.length) checkIndexKeyWrites(scope, operation, table, access.indexKeyWrites);
      return;
    }
    case 'item':
      checkWrittenItem(scope, operation, table, access.item);
      return;
    case 'partition':
      if (access.attribute === undefined) {
        refuse(
          scope,
          operation,
          table.name,
          `the partition key of ${access.index ? `index ${access.index}` : 'the table'} is unknown, so it cannot be checked (use a Repository, or give DynamoDbTable its partitionKey and indexes)`,
        );
      }
      if (access.index !== undefined) checkIndexQueryable(scope, operation, table, access.index, access.attribute);
      checkOwned(scope, operation, table.name, `partition key ${access.attribute}`, access.value);
      return;
    case 'scan':
      if (!scope.allowScan) {
        refuse(
          scope,
          operation,
          table.name,
          "a scan reads every tenant's items (pass allowScan to the scope if this one is meant to)",
        );
      }
      return;
  }
}

/**
 * Checks what one operation reads and writes against the tenant scope it runs in, before anything is
 * sent: every partition key it touches, and every tenant index key it writes, must be the tenant's
 * (TenantIsolationError otherwise). All of a batch or transaction is checked before its first request,
 * so a refusal never leaves it half-written.
 */
export function guardAccesses(scope: TenantScope, operation: string, accesses: readonly Access[]): void {
  for (const access of accesses) checkAccess(scope, operation, access);
}
