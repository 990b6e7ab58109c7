import type { AssumeRoleRequest } from './sts-client-like.js';

/**
 * The parameter rules of STS AssumeRole (lengths, patterns, counts, and the
 * checks STS makes before it looks at the role), which the provider applies to
 * refuse a bad call before sending it. Messages follow STS's own
 * ValidationError wording. The local STS of fluent-dynamo/testing checks the
 * same parameters with code of its own, and a test holds both to one table of
 * cases, so a wrong rule here cannot also pass there.
 */
export interface StsRuleViolation {
  readonly code: 'ValidationError' | 'MalformedPolicyDocument';
  readonly message: string;
}

interface StringRule {
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  /** The pattern as STS's messages print it. */
  readonly patternText: string;
}

const NAME_CHARS = { pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' };
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARS_TEXT = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';

export const STS_RULES = {
  roleArn: {
    min: 20,
    max: 2048,
    pattern: /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  },
  roleSessionName: { min: 2, max: 64, ...NAME_CHARS },
  sourceIdentity: { min: 2, max: 64, ...NAME_CHARS },
  externalId: { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' },
  policy: {
    min: 1,
    max: 2048,
    pattern: /^[\t\n\r\u0020-\u00FF]+$/,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  },
  policyArn: {
    min: 20,
    max: 2048,
    pattern: /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  },
  serialNumber: { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*' },
  tokenCode: { min: 6, max: 6, pattern: /^\d*$/, patternText: '[\\d]*' },
  tagKey: { min: 1, max: 128, pattern: TAG_CHARS, patternText: TAG_CHARS_TEXT.replace(/\*$/, '+') },
  tagValue: { min: 0, max: 256, pattern: TAG_CHARS, patternText: TAG_CHARS_TEXT },
} as const satisfies Record<string, StringRule>;

export const DURATION_SECONDS = { min: 900, max: 43_200 } as const;
export const MAX_SESSION_TAGS = 50;
export const MAX_TRANSITIVE_TAG_KEYS = 50;
export const MAX_POLICY_ARNS = 10;

/**
 * `arn:<partition>:iam::<12 digits>:role/<optional path/><name of 1..64>`. An IAM path is `/` or
 * `/<characters>/`, so no empty segment (`role//name`).
 */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]{1,64}$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]{1,128}$/;

/** Fields whose values never appear in messages (a shared secret, and text too long to be useful). */
const REDACTED = new Set(['externalId', 'policy']);

function shown(field: string, value: string): string {
  return REDACTED.has(field.split('.')[0] as string) ? '***' : value;
}

/**
 * STS counts characters (code points), not UTF-16 units. A string has between
 * half and all of its UTF-16 length in code points, so the count is only
 * needed when the UTF-16 length alone cannot decide.
 */
function withinLength(value: string, rule: StringRule): { tooShort: boolean; tooLong: boolean } {
  if (value.length <= rule.max && value.length >= 2 * rule.min) return { tooShort: false, tooLong: false };
  const length = [...value].length;
  return { tooShort: length < rule.min, tooLong: length > rule.max };
}

function stringProblems(field: string, value: string | undefined, rule: StringRule, problems: string[]): void {
  if (value === undefined) return;
  const { tooShort, tooLong } = withinLength(value, rule);
  const matches = rule.pattern.test(value);
  if (!tooShort && !tooLong && matches) return;
  const at = `Value '${shown(field, value)}' at '${field}' failed to satisfy constraint: Member must`;
  if (tooShort) problems.push(`${at} have length greater than or equal to ${rule.min}`);
  if (tooLong) problems.push(`${at} have length less than or equal to ${rule.max}`);
  if (!matches) problems.push(`${at} satisfy regular expression pattern: ${rule.patternText}`);
}

function validationError(problems: string[]): StsRuleViolation {
  const count = problems.length;
  return {
    code: 'ValidationError',
    message: `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
  };
}

function tagProblems(input: AssumeRoleRequest, problems: string[]): StsRuleViolation | undefined {
  const tags = input.Tags ?? [];
  if (tags.length > MAX_SESSION_TAGS) {
    problems.push(
      `Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SESSION_TAGS}`,
    );
  }
  tags.forEach((tag, i) => {
    if (tag.Key === undefined)
      problems.push(`Value null at 'tags.${i + 1}.member.key' failed to satisfy constraint: Member must not be null`);
    if (tag.Value === undefined)
      problems.push(`Value null at 'tags.${i + 1}.member.value' failed to satisfy constraint: Member must not be null`);
    stringProblems(`tags.${i + 1}.member.key`, tag.Key, STS_RULES.tagKey, problems);
    stringProblems(`tags.${i + 1}.member.value`, tag.Value, STS_RULES.tagValue, problems);
  });
  const transitive = input.TransitiveTagKeys ?? [];
  if (transitive.length > MAX_TRANSITIVE_TAG_KEYS) {
    problems.push(
      `Value at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSITIVE_TAG_KEYS}`,
    );
  }
  transitive.forEach((key, i) => {
    stringProblems(`transitiveTagKeys.${i + 1}.member`, key, STS_RULES.tagKey, problems);
  });
  if (problems.length > 0) return undefined;
  // Checks STS makes once the syntax is right.
  const seen = new Set<string>();
  for (const tag of tags) {
    const lower = (tag.Key as string).toLowerCase();
    if (lower.startsWith('aws:')) {
      return { code: 'ValidationError', message: `Tag keys starting with "aws:" are reserved for AWS: ${tag.Key}` };
    }
    if (seen.has(lower)) {
      return {
        code: 'ValidationError',
        message: `Duplicate tag keys found. Please note that Tag keys are case insensitive: ${tag.Key}`,
      };
    }
    seen.add(lower);
  }
  for (const key of transitive) {
    if (!seen.has(key.toLowerCase())) {
      return {
        code: 'ValidationError',
        message: `The specified transitive tag key must be included in the requested tags: ${key}`,
      };
    }
  }
  return undefined;
}

/**
 * The first reason STS would refuse `input` before evaluating the role, or
 * undefined. `Policy` is also checked to be a JSON policy document, an object
 * with a Statement (STS answers MalformedPolicyDocument otherwise).
 */
export function assumeRoleViolation(input: AssumeRoleRequest): StsRuleViolation | undefined {
  const problems: string[] = [];
  if (input.RoleArn === undefined)
    problems.push(`Value null at 'roleArn' failed to satisfy constraint: Member must not be null`);
  if (input.RoleSessionName === undefined) {
    problems.push(`Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null`);
  }
  stringProblems('roleArn', input.RoleArn, STS_RULES.roleArn, problems);
  stringProblems('roleSessionName', input.RoleSessionName, STS_RULES.roleSessionName, problems);
  stringProblems('externalId', input.ExternalId, STS_RULES.externalId, problems);
  stringProblems('sourceIdentity', input.SourceIdentity, STS_RULES.sourceIdentity, problems);
  stringProblems('policy', input.Policy, STS_RULES.policy, problems);
  stringProblems('serialNumber', input.SerialNumber, STS_RULES.serialNumber, problems);
  stringProblems('tokenCode', input.TokenCode, STS_RULES.tokenCode, problems);
  const duration = input.DurationSeconds;
  if (duration !== undefined) {
    const at = `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must`;
    if (!Number.isInteger(duration)) problems.push(`${at} be an integer`);
    else if (duration < DURATION_SECONDS.min)
      problems.push(`${at} have value greater than or equal to ${DURATION_SECONDS.min}`);
    else if (duration > DURATION_SECONDS.max)
      problems.push(`${at} have value less than or equal to ${DURATION_SECONDS.max}`);
  }
  const policyArns = input.PolicyArns ?? [];
  if (policyArns.length > MAX_POLICY_ARNS) {
    problems.push(
      `Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`,
    );
  }
  policyArns.forEach((descriptor, i) => {
    stringProblems(`policyArns.${i + 1}.member.arn`, descriptor.arn, STS_RULES.policyArn, problems);
  });
  const tagViolation = tagProblems(input, problems);
  if (problems.length > 0) return validationError(problems);
  if (tagViolation) return tagViolation;
  if (!ROLE_ARN.test(input.RoleArn as string)) {
    return {
      code: 'ValidationError',
      message: `${input.RoleArn} is not a valid IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    };
  }
  for (const descriptor of policyArns) {
    if (descriptor.arn !== undefined && !POLICY_ARN.test(descriptor.arn)) {
      return { code: 'ValidationError', message: `${descriptor.arn} is not a valid IAM policy ARN` };
    }
  }
  if (input.Policy !== undefined) return policyDocumentViolation(input.Policy);
  return undefined;
}

/** A session policy is an IAM policy document: a JSON object with a Statement (an object or a list of them). */
function policyDocumentViolation(text: string): StsRuleViolation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { code: 'MalformedPolicyDocument', message: 'The policy is not in the valid JSON format.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { code: 'MalformedPolicyDocument', message: 'The policy is not in the valid JSON format.' };
  }
  const statement = (value as { Statement?: unknown }).Statement;
  if (typeof statement !== 'object' || statement === null) {
    return {
      code: 'MalformedPolicyDocument',
      message: 'Syntax errors in policy: a policy document needs a Statement.',
    };
  }
  return undefined;
}
