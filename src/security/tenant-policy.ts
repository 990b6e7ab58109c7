/**
 * The IAM policies of tenant roles, written from entity metadata. The documents are built by tenant-policy-document.ts
 * and tenant-trust-policy.ts, which the build for Node loads on the first call (policy-documents.on-first-use.ts):
 * an application calls these at deploy time, if ever, not in its request path.
 */
import type { EntityClass } from '../metadata/types.js';
import type { PolicyDocument } from './iam-policy.js';
import { policyDocuments } from './policy-documents.on-first-use.js';
import type { TrustPolicyOptions } from './tenant-trust-policy.js';

export { TENANT_ACTIONS } from './tenant-actions.js';
export type { TrustPolicyOptions } from './tenant-trust-policy.js';

/** Options of tenantPolicy(): where the tables are, and how a tenant's partition keys look. */
export interface TenantPolicyOptions {
  /** The AWS account of the tables (12 digits). */
  readonly accountId: string;
  /** The region of the tables. */
  readonly region: string;
  /**
   * Item actions to allow (default: every one of TENANT_ACTIONS). `GetItem`,
   * `getitem` and `dynamodb:GetItem` all mean `dynamodb:GetItem`. Refused with
   * MetadataError: Scan (no leading keys), wildcards, TransactGetItems /
   * TransactWriteItems (authorised per contained item action: list those),
   * and anything that is not an item action carrying leading keys.
   */
  readonly actions?: readonly string[];
  /** The session tag that holds the tenant id (default 'TenantId', as the provider tags sessions). */
  readonly tenantTag?: string;
  /**
   * The entity property that holds the tenant id (default 'tenantId', as the
   * tenant isolation option's `tenantProperty`). Each entity's partition key
   * must be fixed text, then this property, then the end of the key or a
   * separator: `TENANT#{tenantId}#USER#{userId}`, `REGION#eu#TENANT#{tenantId}`,
   * or `@PartitionKey({ prefix: 'TENANT' })` on the property itself.
   */
  readonly tenantProperty?: string;
  /**
   * Overrides what every partition key of a tenant starts with, before the
   * tenant id, for all tables and their indexes (keys then are
   * `<keyPrefix><tenant>` or `<keyPrefix><tenant>#...`). Default: read from
   * each entity's partition key and `tenantProperty`, and from each
   * tenant-prefixed global index key.
   */
  readonly keyPrefix?: string;
  /** The AWS partition (default 'aws'). */
  readonly partition?: string;
}

/**
 * The least-privilege policy of a tenant role, from entity metadata: item
 * actions on the entities' tables and their indexes, only on partition keys
 * of the session's tenant (`${aws:PrincipalTag/<tenantTag>}`). Each table
 * gets the pattern of its own entities' partition key: one Allow statement
 * per distinct key shape, listing its tables.
 *
 * What IAM checks with it:
 * - GetItem, PutItem, UpdateItem, DeleteItem, ConditionCheckItem: the item's
 *   partition key. BatchGetItem, BatchWriteItem: every key of the batch.
 *   TransactGetItems / TransactWriteItems: each contained action as the item
 *   action it is (GetItem; PutItem, UpdateItem, DeleteItem, ConditionCheckItem),
 *   with its own key.
 * - Query on the table and on a local index: the partition key the query names
 *   (the table's). Query on a global index: the partition key the query names
 *   is the index's. A global index whose partition key is tenant-prefixed (a
 *   composite key whose template starts with the tenant property, like
 *   `TENANT#{tenantId}#ASSIGNEE#{assignee}`, or one declared `tenantPrefixed`)
 *   gets its own Query statement on its ARN (`table/<t>/index/<name>`) with
 *   its own pattern (`TENANT#<tenant>` or `TENANT#<tenant>#*`), read and
 *   refused like a table key; an index whose key holds the table's keys (a
 *   local index, a global one keyed on the table's partition key) or the same
 *   pattern is named, on its ARN, in the table statement. Any other global
 *   index cannot be queried (no `index/*`): any tenant can write its values.
 *   A request that carries no leading keys is refused by `Null: false`.
 *
 * What it does not cover: Scan (explicitly denied: `ForAllValues` is true for
 * a request with no leading keys), PartiQL and table-level actions (not
 * granted), sort keys and attribute values (any item under the tenant's
 * partition key; a tenant can write an item whose global-index key names
 * another tenant's value, so an index keyed on a tenant-written attribute is
 * only as trustworthy as its writers), and which tenant the session is: that
 * is the session tag, which the role's trust policy must pin
 * (tenantTrustPolicy with `tenantId`).
 *
 * A tenant's keys usually go on after the tenant id (`TENANT#acme#USER#1`),
 * so the pattern is the exact key or the key followed by its separator, never
 * a bare `*` that would let `acme` reach `acme2`. Keys IAM cannot pin (the
 * tenant after another property, or glued to one, or a wildcard in the fixed
 * text) are refused with MetadataError, as are entities of one table whose
 * keys disagree.
 */
export function tenantPolicy(
  entities: EntityClass | readonly EntityClass[],
  options: TenantPolicyOptions,
): PolicyDocument {
  return policyDocuments().tenantPolicyDocument(entities, options);
}

/**
 * The tenant role's trust policy: the application (`principalArn`) may
 * `sts:AssumeRole` and `sts:TagSession`, with the external id when given.
 *
 * With `tenantId` (one role per tenant), the session must be tagged
 * `tenantTag` = `tenantId` (`StringEquals` on `aws:RequestTag/<tag>`), on both
 * actions, and only the tag keys `tenantTag` and `otherTagKeys` may be set
 * (`ForAllValues:StringEquals` on `aws:TagKeys`, and on
 * `sts:TransitiveTagKeys`), so tenant A's role cannot be assumed with a
 * session tagged as tenant B, whose `${aws:PrincipalTag/TenantId}` would then
 * open B's keys under tenantPolicy.
 *
 * Without `tenantId` (one role shared by every tenant, or older setups), any
 * tag value is accepted: IAM then does not stop the application from tagging
 * a session with another tenant's id, and the application's own tenant
 * access check (the provider's `authorize` / tenants claim) is the only
 * thing between a principal and another tenant's keys. Pass `tenantId`
 * whenever each tenant has its own role.
 */
export function tenantTrustPolicy(options: TrustPolicyOptions): PolicyDocument {
  return policyDocuments().trustPolicyDocument(options);
}
