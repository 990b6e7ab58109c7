/**
 * The local STS's own check of AssumeRole parameters, written from the STS API
 * reference (the request shapes of sts-2011-06-15 and the AssumeRole parameter
 * documentation). It deliberately shares no code with the library's tenancy
 * module: tests compare the two, so a rule wrong in one shows up against the
 * other instead of passing both.
 *
 * Two stages, as STS answers:
 * 1. Shape constraints (required members, lengths, patterns, list sizes, ranges):
 *    every failure is collected into one ValidationError,
 *    "N validation error(s) detected: Value '…' at '<member>' failed to satisfy constraint: …".
 * 2. Rules beyond the shapes (role and policy ARN form, the reserved `aws:` tag key
 *    prefix, duplicate or unmatched tag keys, the policy being a JSON policy
 *    document): the first one that fails. (SourceIdentity's reserved `aws:` prefix
 *    needs no rule of its own: its pattern has no colon.)
 *
 * What depends on the role or the caller (MaxSessionDuration, role chaining,
 * trust policy, packed size) is decided by the server afterwards.
 */
import type { AssumeRoleRequest } from '../../tenancy/sts-client-like.js';
import { StsFault } from './error-codes.js';

interface StringShape {
  readonly min: number;
  readonly max?: number;
  /** The pattern as the reference writes it (quoted in the error message). */
  readonly pattern: string;
  /** The same pattern anchored for JavaScript (the reference's patterns apply to the whole value). */
  readonly test: RegExp;
}

// The character class of arnType: tab, LF, CR, printable ASCII, NEL, and the rest of Unicode but surrogates and FFFE/FFFF.
const ARN: StringShape = {
  min: 20,
  max: 2048,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  test: /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
};
const ROLE_SESSION_NAME: StringShape = { min: 2, max: 64, pattern: '[\\w+=,.@-]*', test: /^[\w+=,.@-]*$/ };
const SOURCE_IDENTITY: StringShape = ROLE_SESSION_NAME;
const EXTERNAL_ID: StringShape = { min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*', test: /^[\w+=,.@:/-]*$/ };
const SERIAL_NUMBER: StringShape = { min: 9, max: 256, pattern: '[\\w+=/:,.@-]*', test: /^[\w+=/:,.@-]*$/ };
const TOKEN_CODE: StringShape = { min: 6, max: 6, pattern: '[\\d]*', test: /^\d*$/ };
/** The plaintext of a session policy: tab, LF, CR and U+0020..U+00FF, at most 2,048 characters. */
const SESSION_POLICY: StringShape = {
  min: 1,
  max: 2048,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  test: /^[\t\n\r\u0020-\u00FF]+$/,
};
const TAG_KEY: StringShape = {
  min: 1,
  max: 128,
  pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
  test: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
};
const TAG_VALUE: StringShape = {
  min: 0,
  max: 256,
  pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
  test: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
};
const MAX_TAGS = 50;
const MAX_POLICY_ARNS = 10;
const MIN_DURATION_SECONDS = 900;
/** The highest MaxSessionDuration a role can have (12 hours); the role's own setting is checked by the server. */
const MAX_DURATION_SECONDS = 43_200;

/** `arn:<partition>:iam::<12-digit account>:role/<optional path/><name>`. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]{1,64}$/;
/** A managed policy: `arn:<partition>:iam::<account or aws>:policy/<optional path/><name>`. */
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]{1,128}$/;
const RESERVED_PREFIX = /^aws:/i;

/** Collects shape violations in STS's wording. */
class ShapeViolations {
  readonly #found: string[] = [];

  #add(value: unknown, member: string, constraint: string): void {
    const shown = value === null || value === undefined ? 'null' : `'${String(value)}'`;
    this.#found.push(`Value ${shown} at '${member}' failed to satisfy constraint: Member ${constraint}`);
  }

  required(value: unknown, member: string): boolean {
    if (value !== undefined && value !== null) return true;
    this.#add(value, member, 'must not be null');
    return false;
  }

  string(value: string | undefined, member: string, shape: StringShape): void {
    if (value === undefined) return;
    // Lengths count characters (code points), as the reference's limits do.
    const length = [...value].length;
    if (!shape.test.test(value)) this.#add(value, member, `must satisfy regular expression pattern: ${shape.pattern}`);
    if (length < shape.min) this.#add(value, member, `must have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && length > shape.max) {
      this.#add(value, member, `must have length less than or equal to ${shape.max}`);
    }
  }

  list(value: readonly unknown[] | undefined, member: string, max: number, show: (item: never) => string): void {
    if (value === undefined || value.length <= max) return;
    this.#add(
      `[${value.map((item) => show(item as never)).join(', ')}]`,
      member,
      `must have length less than or equal to ${max}`,
    );
  }

  integer(value: number | undefined, member: string, min: number, max: number): void {
    if (value === undefined) return;
    if (!Number.isInteger(value)) {
      this.#add(value, member, 'must be an integer');
      return;
    }
    if (value < min) this.#add(value, member, `must have value greater than or equal to ${min}`);
    if (value > max) this.#add(value, member, `must have value less than or equal to ${max}`);
  }

  fault(): StsFault | undefined {
    const n = this.#found.length;
    if (n === 0) return undefined;
    return new StsFault(
      'ValidationError',
      `${n} validation error${n === 1 ? '' : 's'} detected: ${this.#found.join('; ')}`,
    );
  }
}

function shapeFault(input: AssumeRoleRequest): StsFault | undefined {
  const v = new ShapeViolations();
  if (v.required(input.RoleArn, 'roleArn')) v.string(input.RoleArn, 'roleArn', ARN);
  if (v.required(input.RoleSessionName, 'roleSessionName')) {
    v.string(input.RoleSessionName, 'roleSessionName', ROLE_SESSION_NAME);
  }
  const policyArns = input.PolicyArns ?? [];
  v.list(
    input.PolicyArns,
    'policyArns',
    MAX_POLICY_ARNS,
    (p: { arn?: string }) => `PolicyDescriptorType(arn=${p.arn})`,
  );
  policyArns.forEach((p, i) => {
    if (v.required(p.arn, `policyArns.${i + 1}.member.arn`)) v.string(p.arn, `policyArns.${i + 1}.member.arn`, ARN);
  });
  v.string(input.Policy, 'policy', SESSION_POLICY);
  v.integer(input.DurationSeconds, 'durationSeconds', MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
  v.list(input.Tags, 'tags', MAX_TAGS, (t: { Key?: string; Value?: string }) => `Tag(key=${t.Key}, value=${t.Value})`);
  (input.Tags ?? []).forEach((tag, i) => {
    const at = `tags.${i + 1}.member`;
    if (v.required(tag.Key, `${at}.key`)) v.string(tag.Key, `${at}.key`, TAG_KEY);
    if (v.required(tag.Value, `${at}.value`)) v.string(tag.Value, `${at}.value`, TAG_VALUE);
  });
  v.list(input.TransitiveTagKeys, 'transitiveTagKeys', MAX_TAGS, (k: string) => k);
  (input.TransitiveTagKeys ?? []).forEach((key, i) => {
    v.string(key, `transitiveTagKeys.${i + 1}.member`, TAG_KEY);
  });
  v.string(input.ExternalId, 'externalId', EXTERNAL_ID);
  v.string(input.SerialNumber, 'serialNumber', SERIAL_NUMBER);
  v.string(input.TokenCode, 'tokenCode', TOKEN_CODE);
  v.string(input.SourceIdentity, 'sourceIdentity', SOURCE_IDENTITY);
  return v.fault();
}

/** A session policy must be a JSON policy document: an object with a Statement. */
function policyFault(policy: string): StsFault | undefined {
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return new StsFault('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return new StsFault('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
  const statement = (document as { Statement?: unknown }).Statement;
  if (typeof statement !== 'object' || statement === null) {
    return new StsFault('MalformedPolicyDocument', 'Syntax errors in policy: a policy document needs a Statement.');
  }
  return undefined;
}

function ruleFault(input: AssumeRoleRequest): StsFault | undefined {
  const roleArn = input.RoleArn as string;
  if (!ROLE_ARN.test(roleArn)) {
    return new StsFault(
      'ValidationError',
      `${roleArn} is not a valid IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  }
  for (const { arn } of input.PolicyArns ?? []) {
    if (!POLICY_ARN.test(arn as string)) {
      return new StsFault('ValidationError', `${arn} is not a valid managed policy ARN`);
    }
  }
  const keys = new Set<string>();
  for (const tag of input.Tags ?? []) {
    const key = tag.Key as string;
    if (RESERVED_PREFIX.test(key)) {
      return new StsFault('ValidationError', `Tag key ${key} uses the prefix aws:, which is reserved for AWS use`);
    }
    const folded = key.toLowerCase();
    if (keys.has(folded)) {
      return new StsFault(
        'ValidationError',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    keys.add(folded);
  }
  for (const key of input.TransitiveTagKeys ?? []) {
    if (!keys.has(key.toLowerCase())) {
      return new StsFault(
        'ValidationError',
        `The specified transitive tag key ${key} must be included in the requested session tags.`,
      );
    }
  }
  if (input.Policy !== undefined) return policyFault(input.Policy);
  return undefined;
}

/** Why STS would refuse these AssumeRole parameters whatever the role, or undefined when it would not. */
export function assumeRoleRefusal(input: AssumeRoleRequest): StsFault | undefined {
  return shapeFault(input) ?? ruleFault(input);
}
