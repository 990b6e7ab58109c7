// A small evaluator of IAM's policy semantics, enough to check the policies tenantPolicy and tenantTrustPolicy
// generate against requests an attacker would make. It is deliberately strict: an operator or a construct it
// does not model throws instead of being guessed, so a policy that uses one cannot pass a test by accident.
//
// Modelled:
// - Effect Allow / Deny: an explicit Deny wins, then any Allow, else the request is implicitly denied.
// - Action (case-insensitive, `*` and `?` wildcards), Resource (case-sensitive wildcards), Principal ({ AWS }).
// - Condition: operators ANDed, keys within an operator ANDed, values of a key ORed. Condition key names are
//   case-insensitive (also the tag key in aws:RequestTag/X, aws:PrincipalTag/X); values are case-sensitive.
// - StringEquals, StringLike (`*` any run of characters, `?` exactly one), Null; the set prefixes
//   ForAllValues: (true for a missing key or an empty set) and ForAnyValue: (false for those).
//   A single-valued operator on a multivalued key throws (IAM wants ForAllValues/ForAnyValue there).
//   A single-valued operator on a missing key is false.
// - Policy variables `${key}` in condition values and resources, and the escapes `${*}`, `${?}`, `${$}`.
//   A variable whose key is missing makes that value match nothing. A substituted value is spliced into the
//   pattern as it is (its own `*` and `?` act as wildcards): the pessimistic reading, so a tenant id with a
//   wildcard would show up as the leak it could be.
import type { PolicyDocument, PolicyStatement } from '../../../src/security/iam-policy.js';

export type ContextValue = string | readonly string[];

export interface IamRequest {
  /** e.g. 'dynamodb:GetItem', 'sts:AssumeRole'. */
  readonly action: string;
  /** The resource ARN (DynamoDB table or index); trust policies have none. */
  readonly resource?: string;
  /** The caller's ARN, matched against a statement's Principal (trust policies). */
  readonly principal?: string;
  /** Condition keys of the request context; a missing key is absent (not an empty string). */
  readonly context: Readonly<Record<string, ContextValue | undefined>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

type Context = ReadonlyMap<string, ContextValue>;

function contextOf(request: IamRequest): Context {
  const map = new Map<string, ContextValue>();
  for (const [key, value] of Object.entries(request.context)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (map.has(lower)) throw new Error(`request context names ${key} twice (condition keys are case-insensitive)`);
    map.set(lower, value);
  }
  return map;
}

const list = <T>(v: T | readonly T[] | undefined): readonly T[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T];

/** A pattern as pieces: literal text, `*`, `?`. */
type Piece = { readonly literal: string } | { readonly wildcard: '*' | '?' };

/** Resolves `${...}` in a policy value; undefined when a variable's key is missing from the context. */
function resolve(value: string, context: Context): Piece[] | undefined {
  const pieces: Piece[] = [];
  const push = (text: string, wildcards: boolean) => {
    if (!wildcards) {
      if (text) pieces.push({ literal: text });
      return;
    }
    let run = '';
    for (const ch of text) {
      if (ch === '*' || ch === '?') {
        if (run) pieces.push({ literal: run });
        run = '';
        pieces.push({ wildcard: ch });
      } else run += ch;
    }
    if (run) pieces.push({ literal: run });
  };
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('${', i);
    if (start < 0) {
      push(value.slice(i), true);
      break;
    }
    push(value.slice(i, start), true);
    const end = value.indexOf('}', start);
    if (end < 0) throw new Error(`unterminated policy variable in ${JSON.stringify(value)}`);
    const name = value.slice(start + 2, end);
    if (name === '*' || name === '?' || name === '$') push(name, false);
    else {
      if (name.includes(',')) throw new Error(`policy variable defaults are not modelled: ${value}`);
      const found = context.get(name.toLowerCase());
      if (found === undefined) return undefined;
      if (typeof found !== 'string') throw new Error(`policy variable ${name} is multivalued`);
      push(found, true);
    }
    i = end + 1;
  }
  return pieces;
}

function regexOf(pieces: readonly Piece[], flags = ''): RegExp {
  const body = pieces
    .map((p) =>
      'literal' in p ? p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]',
    )
    .join('');
  return new RegExp(`^${body}$`, `${flags}u`);
}

const literalOf = (pieces: readonly Piece[]) => pieces.map((p) => ('literal' in p ? p.literal : p.wildcard)).join('');

/** IAM's StringLike of one value against one policy pattern (with variables resolved). */
export function stringLike(pattern: string, value: string, context: Context = new Map()): boolean {
  const pieces = resolve(pattern, context);
  return pieces !== undefined && regexOf(pieces).test(value);
}

type Matcher = (policyValue: string, value: string, context: Context) => boolean;

const MATCHERS: Readonly<Record<string, Matcher>> = {
  stringequals: (p, v, c) => {
    const pieces = resolve(p, c);
    return pieces !== undefined && literalOf(pieces) === v;
  },
  stringlike: (p, v, c) => stringLike(p, v, c),
};

function conditionHolds(operator: string, key: string, policyValues: readonly string[], context: Context): boolean {
  const lowerOp = operator.toLowerCase();
  const value = context.get(key.toLowerCase());
  if (lowerOp === 'null') {
    if (policyValues.length !== 1 || !['true', 'false'].includes(policyValues[0] as string))
      throw new Error(`Null takes "true" or "false", got ${JSON.stringify(policyValues)}`);
    const absent = value === undefined || (Array.isArray(value) && value.length === 0);
    return (policyValues[0] === 'true') === absent;
  }
  const [qualifier, op] = lowerOp.includes(':') ? (lowerOp.split(':') as [string, string]) : [undefined, lowerOp];
  const matcher = MATCHERS[op];
  if (!matcher) throw new Error(`condition operator ${operator} is not modelled`);
  const one = (v: string) => policyValues.some((p) => matcher(p, v, context));
  if (qualifier === undefined) {
    if (value === undefined) return false;
    if (typeof value !== 'string')
      throw new Error(`${operator} on the multivalued key ${key}: use ForAllValues/ForAnyValue`);
    return one(value);
  }
  const values = list(value as ContextValue | undefined);
  if (qualifier === 'forallvalues') return values.every(one);
  if (qualifier === 'foranyvalue') return values.some(one);
  throw new Error(`set qualifier ${qualifier} is not modelled`);
}

function statementApplies(s: PolicyStatement, request: IamRequest, context: Context): boolean {
  const actionOk = list(s.Action).some((a) => regexOf(resolve(a, new Map()) ?? [], 'i').test(request.action));
  if (!actionOk) return false;
  if (s.Resource !== undefined) {
    if (request.resource === undefined) return false;
    const resource = request.resource;
    if (!list(s.Resource).some((r) => stringLike(r, resource, context))) return false;
  }
  if (s.Principal !== undefined) {
    const keys = Object.keys(s.Principal);
    if (keys.some((k) => k !== 'AWS')) throw new Error(`principal types other than AWS are not modelled: ${keys}`);
    const principals = list(s.Principal.AWS);
    if (request.principal === undefined || !principals.some((p) => p === '*' || p === request.principal)) return false;
  }
  for (const [operator, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      if (!conditionHolds(operator, key, list(values), context)) return false;
    }
  }
  return true;
}

/** IAM's decision for one request under one policy. */
export function evaluate(policy: PolicyDocument, request: IamRequest): Decision {
  if (policy.Version !== '2012-10-17') throw new Error('policy variables need Version 2012-10-17');
  const context = contextOf(request);
  let allowed = false;
  for (const s of policy.Statement) {
    if (!statementApplies(s, request, context)) continue;
    if (s.Effect === 'Deny') return 'ExplicitDeny';
    allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

export const allows = (policy: PolicyDocument, request: IamRequest): boolean => evaluate(policy, request) === 'Allow';
