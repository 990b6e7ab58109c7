import { MetadataError } from '../errors/errors.js';

/**
 * Item-level actions whose requests carry the partition keys they touch
 * (`dynamodb:LeadingKeys`). Transactions have no action of their own:
 * DynamoDB authorises each action inside TransactGetItems / TransactWriteItems
 * as the item action it is (GetItem; PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem), each with its own key.
 */
export const TENANT_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

const BY_NAME: ReadonlyMap<string, string> = new Map(
  TENANT_ACTIONS.map((a) => [a.slice('dynamodb:'.length).toLowerCase(), a]),
);
const NAMES = TENANT_ACTIONS.map((a) => a.slice('dynamodb:'.length)).join(', ');

const TRANSACTIONS: Readonly<Record<string, string>> = {
  transactgetitems: 'GetItem',
  transactwriteitems: 'PutItem, UpdateItem, DeleteItem and ConditionCheckItem',
};

function refuse(message: string): never {
  throw new MetadataError(`tenantPolicy: ${message}`);
}

/**
 * `GetItem`, `getitem`, `dynamodb:GetItem` all give `dynamodb:GetItem` (IAM
 * action names are case-insensitive); duplicates are dropped. Refused: Scan
 * (no leading keys), wildcards (they would take in Scan and table actions),
 * transaction names (not IAM actions), and anything else that is not an item
 * action carrying leading keys.
 */
export function normaliseActions(actions: readonly string[]): string[] {
  if (actions.length === 0) refuse('actions is empty; leave it out for every item action');
  const out: string[] = [];
  for (const action of actions) {
    if (typeof action !== 'string') refuse(`action ${String(action)} is not a string`);
    const colon = action.indexOf(':');
    const service = colon < 0 ? 'dynamodb' : action.slice(0, colon).toLowerCase();
    const name = action.slice(colon + 1);
    const lower = name.toLowerCase();
    if (service !== 'dynamodb') refuse(`${action} is not a DynamoDB action`);
    if (/[*?]/.test(name)) {
      refuse(
        `action ${action} has a wildcard, which would also allow Scan and table actions; list the actions (${NAMES})`,
      );
    }
    if (lower === 'scan') refuse('Scan cannot be limited to a tenant (it has no leading keys); leave it out');
    const inTransaction = TRANSACTIONS[lower];
    if (inTransaction) {
      refuse(
        `${name} is not an IAM action: DynamoDB authorises each action of a transaction as its item action, so list ${inTransaction}`,
      );
    }
    const canonical = BY_NAME.get(lower);
    if (!canonical) refuse(`${name} is not an item action that carries leading keys (allowed: ${NAMES})`);
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}
