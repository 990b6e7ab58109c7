import { type TenantAccessDenied, tenantAccessDenied } from './tenant-errors.js';

// Tenant ids are interpolated into role ARNs, session names, session tag values
// and key prefixes, so only characters all of them accept are allowed: IAM's
// name characters without `,` (not allowed in a session tag value, so a
// `TenantId` tag could not carry the id). No `/` (an ARN path), `#` (a key
// prefix separator), `*` or `?` (policy wildcards), `:` (an ARN field), no
// whitespace or control characters. The first character is a letter or a digit.
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_.@+=-]*$/;

function describe(tenantId: string): string | undefined {
  for (let i = 0; i < tenantId.length; i++) {
    const ch = tenantId[i] as string;
    const ok = i === 0 ? /[A-Za-z0-9]/.test(ch) : /[A-Za-z0-9_.@+=-]/.test(ch);
    if (!ok) {
      const shown = /\s/.test(ch) ? 'whitespace' : JSON.stringify(ch);
      return `${shown} at position ${i} is not allowed${i === 0 ? ' first' : ''}`;
    }
  }
  return undefined;
}

/**
 * Returns the reason `tenantId` cannot be used, or undefined when it can:
 * 1..maxLength characters of letters, digits and `_.@+=-`, starting with a
 * letter or a digit.
 */
export function tenantIdProblem(tenantId: unknown, maxLength = 64): string | undefined {
  if (typeof tenantId !== 'string') return `a tenant id must be a string, got ${typeof tenantId}`;
  if (tenantId.length === 0) return 'a tenant id must not be empty';
  if (tenantId.length > maxLength) return `a tenant id must be at most ${maxLength} characters, got ${tenantId.length}`;
  if (TENANT_ID.test(tenantId)) return undefined;
  return `${describe(tenantId) ?? 'invalid character'}: tenant ids are letters, digits and _.@+=- (they go into role ARNs, session names, session tags and key prefixes)`;
}

/** The TenantAccessDeniedError for an invalid tenant id, or undefined when it is valid. */
export function invalidTenantId(tenantId: unknown, maxLength = 64): TenantAccessDenied | undefined {
  const problem = tenantIdProblem(tenantId, maxLength);
  if (problem === undefined) return undefined;
  const shown = typeof tenantId === 'string' ? JSON.stringify(tenantId.slice(0, 80)) : String(tenantId);
  return tenantAccessDenied(`invalid tenant id ${shown}: ${problem}`, {
    tenantId: typeof tenantId === 'string' ? tenantId : String(tenantId),
    reason: 'invalid-tenant-id',
  });
}
