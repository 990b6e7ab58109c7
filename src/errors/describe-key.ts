import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** `pk=USER#u1, sk=3`: a key in error messages (binary values are not printed). */
export function describeKey(key: Record<string, AttributeValue> | undefined): string {
  if (!key) return '(key unknown)';
  return Object.entries(key)
    .map(([name, v]) => `${name}=${v.S ?? v.N ?? (v.B ? '<binary>' : '?')}`)
    .join(', ');
}
