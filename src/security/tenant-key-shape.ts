import { MetadataError } from '../errors/errors.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { CompiledKey } from '../metadata/key-format.js';

/**
 * How a table's partition keys name their tenant, as IAM can pin it: a fixed
 * prefix, the tenant id, then either the end of the key or a separator that a
 * tenant id cannot contain.
 */
export interface TenantKeyShape {
  /** What comes before the tenant id (may be empty). */
  readonly prefix: string;
  /** The separator after the tenant id when the key goes on ('' when the key ends with it). */
  readonly next: string;
}

export const sameShape = (a: TenantKeyShape, b: TenantKeyShape): boolean => a.prefix === b.prefix && a.next === b.next;

export const describeShape = (s: TenantKeyShape): string =>
  `${JSON.stringify(`${s.prefix}<tenant>`)}${s.next ? ` then ${JSON.stringify(s.next)}` : ' and nothing after'}`;

/** Why a refused key shape cannot be expressed, appended to every refusal. */
const IAM_LIMIT =
  "IAM's dynamodb:LeadingKeys patterns can only pin a fixed prefix followed by the tenant id (the session tag), then the end of the key or a separator";

function refuse(m: EntityMetadata, problem: string, hint: string, property?: string): never {
  throw new MetadataError(`tenantPolicy: ${problem}; ${IAM_LIMIT}. ${hint}`, m.name, property);
}

/**
 * Checks the literal text that goes into a LeadingKeys pattern: `*` and `?`
 * would be wildcards there, `$` could start a policy variable, and a policy
 * document holds only characters U+0020 to U+00FF.
 */
export function patternTextProblem(text: string): string | undefined {
  if (/[*?]/.test(text)) return 'contains a wildcard (* or ?), which IAM would read as a pattern';
  if (text.includes('$')) return "contains '$', which could start a policy variable";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x20 || code > 0xff) {
      return `contains U+${code.toString(16).toUpperCase().padStart(4, '0')}: IAM policy documents hold only characters U+0020 to U+00FF`;
    }
  }
  return undefined;
}

// Stand-ins for the key's properties while its format is read back; private-use characters, never in a template.
const marker = (i: number) => `\uE000${i}\uE001`;

function sampleKey(m: EntityMetadata, key: CompiledKey, where: string, tenantProperty: string): string {
  const stringOnly = 'IAM compares leading keys as strings and only a string tenant id can follow a prefix';
  if (key.scalar !== 'S') {
    refuse(m, `${where} is a ${key.scalar === 'N' ? 'number' : 'binary value'}`, stringOnly, tenantProperty);
  }
  try {
    const value =
      key.kind === 'simple'
        ? key.format(marker(0))
        : key.format(Object.fromEntries(key.properties.map((p, i) => [p, marker(i)])));
    if (typeof value !== 'string') throw new TypeError('not a string');
    return value;
  } catch {
    return refuse(m, `${where}: ${tenantProperty} is not a string property`, stringOnly, tenantProperty);
  }
}

/**
 * Reads the tenant's place in an entity's partition key from its compiled
 * metadata: `TENANT#{tenantId}#USER#{userId}` gives prefix 'TENANT#' and
 * separator '#'; `@PartitionKey({ prefix: 'TENANT' })` on the tenant property
 * gives 'TENANT#' and no separator. Refused (MetadataError, with the reason)
 * when IAM cannot pin it: the tenant property is not in the key, comes after
 * another property, is followed directly by another property or by a letter or
 * digit (which a tenant id may contain), or the prefix holds a wildcard.
 */
export function tenantKeyShape(m: EntityMetadata, tenantProperty: string): TenantKeyShape {
  return keyShape(m, m.partitionKey, `${m.name}'s partition key ${m.partitionKey.attribute}`, tenantProperty);
}

/**
 * The same reading for any partition key of the entity (its table's, or a
 * global index's composite key): `where` names the key in refusals.
 */
export function keyShape(m: EntityMetadata, key: CompiledKey, where: string, tenantProperty: string): TenantKeyShape {
  const tenantAt = key.properties.indexOf(tenantProperty);
  if (tenantAt < 0) {
    refuse(
      m,
      `${where} is made of ${key.properties.join(', ')}, not of the tenant property ${tenantProperty}`,
      'Name the property that holds the tenant id with tenantProperty, or pass keyPrefix if every stored key starts with a fixed tenant prefix',
    );
  }
  const sample = sampleKey(m, key, where, tenantProperty);
  const at = sample.indexOf(marker(tenantAt));
  const prefix = sample.slice(0, at);
  const before = key.properties.find((_, i) => i !== tenantAt && prefix.includes(marker(i)));
  if (before !== undefined) {
    refuse(
      m,
      `in ${where}, ${tenantProperty} comes after ${before}, so the text before the tenant id is not fixed`,
      `Put ${tenantProperty} first (after fixed text only), e.g. 'REGION#eu#TENANT#{${tenantProperty}}#...'`,
      tenantProperty,
    );
  }
  const rest = sample.slice(at + marker(tenantAt).length);
  const glued = key.properties.find((_, i) => rest.startsWith(marker(i)));
  if (glued !== undefined) {
    refuse(
      m,
      `in ${where}, ${tenantProperty} is followed directly by ${glued}, so the tenant id has no end IAM can see`,
      `Put a separator such as '#' between {${tenantProperty}} and {${glued}}`,
      tenantProperty,
    );
  }
  const next = rest === '' ? '' : String.fromCodePoint(rest.codePointAt(0) as number);
  // What a tenant id may hold: what a session tag value allows, less what tenant ids refuse (#, :, /, whitespace).
  if (/[\p{L}\p{N}_.=+\-@]/u.test(next)) {
    refuse(
      m,
      `in ${where}, ${tenantProperty} is followed by '${next}', which a tenant id can contain: tenant 'a' would reach tenant 'a${next}'`,
      `Put a separator such as '#' right after {${tenantProperty}}`,
      tenantProperty,
    );
  }
  for (const [what, text] of [
    ['the text before the tenant id', prefix],
    ['the separator after the tenant id', next],
  ] as const) {
    const problem = patternTextProblem(text);
    if (problem)
      refuse(m, `in ${where}, ${what} ${JSON.stringify(text)} ${problem}`, 'Change the key format', tenantProperty);
  }
  return { prefix, next };
}
