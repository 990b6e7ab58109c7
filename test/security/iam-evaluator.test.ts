// The IAM evaluator the policy tests rely on, checked against IAM's documented semantics.
import test from 'ava';
import type { PolicyDocument, PolicyStatement } from '../../src/security/iam-policy.js';
import { evaluate, stringLike } from './support/iam-evaluator.js';

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
// biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's policy variable, literally
const TAG = '${aws:PrincipalTag/TenantId}';
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/t';

test('StringLike: * is any run (also empty), ? exactly one character, everything else literal', (t) => {
  t.true(stringLike('T#a*', 'T#a'));
  t.true(stringLike('T#a*', 'T#abc#d'));
  t.true(stringLike('T#?', 'T#x'));
  t.false(stringLike('T#?', 'T#'));
  t.false(stringLike('T#?', 'T#xy'));
  t.false(stringLike('T.a', 'TXa'), 'a regex metacharacter is literal');
  t.false(stringLike('t#a', 'T#a'), 'case-sensitive');
  const escapedStar = `a${'$'}{*}b`; // IAM's escape for a literal star
  t.true(stringLike(escapedStar, 'a*b'));
  t.false(stringLike(escapedStar, 'axb'));
});

test('policy variables: substituted, case-insensitive key names, a missing key matches nothing', (t) => {
  const context = new Map([['aws:principaltag/tenantid', 'acme']]);
  t.true(stringLike(`T#${TAG}#*`, 'T#acme#1', context));
  t.false(stringLike(`T#${TAG}#*`, 'T#acme2#1', context));
  t.false(stringLike(`T#${TAG}*`, 'T#x', new Map()), 'no tag: no match, even with a wildcard');
});

test('ForAllValues is true for an empty or missing set, ForAnyValue false; Null tells absent from present', (t) => {
  const forAll = doc({
    Effect: 'Allow',
    Action: 'dynamodb:*',
    Resource: TABLE,
    Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['a'] } },
  });
  t.is(evaluate(forAll, { action: 'dynamodb:Scan', resource: TABLE, context: {} }), 'Allow', 'the Scan gotcha');
  t.is(
    evaluate(forAll, { action: 'dynamodb:GetItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': [] } }),
    'Allow',
  );
  t.is(
    evaluate(forAll, {
      action: 'dynamodb:BatchGetItem',
      resource: TABLE,
      context: { 'dynamodb:LeadingKeys': ['a', 'b'] },
    }),
    'ImplicitDeny',
  );
  const forAny = doc({
    Effect: 'Allow',
    Action: 'dynamodb:GetItem',
    Resource: TABLE,
    Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['a'] } },
  });
  t.is(evaluate(forAny, { action: 'dynamodb:GetItem', resource: TABLE, context: {} }), 'ImplicitDeny');
  t.is(
    evaluate(forAny, { action: 'dynamodb:GetItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['b', 'a'] } }),
    'Allow',
  );
  const present = doc({
    Effect: 'Allow',
    Action: 'dynamodb:GetItem',
    Resource: TABLE,
    Condition: { Null: { 'dynamodb:LeadingKeys': 'false' } },
  });
  t.is(evaluate(present, { action: 'dynamodb:GetItem', resource: TABLE, context: {} }), 'ImplicitDeny');
  t.is(
    evaluate(present, { action: 'dynamodb:GetItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['x'] } }),
    'Allow',
  );
});

test('StringEquals: exact and case-sensitive values, missing key false; a multivalued key needs a set operator', (t) => {
  const policy = doc({
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: { AWS: 'arn:aws:iam::123456789012:role/App' },
    Condition: { StringEquals: { 'aws:RequestTag/TenantId': 'acme' } },
  });
  const ask = (context: Record<string, string>, principal = 'arn:aws:iam::123456789012:role/App') =>
    evaluate(policy, { action: 'sts:AssumeRole', principal, context });
  t.is(ask({ 'aws:RequestTag/TenantId': 'acme' }), 'Allow');
  t.is(ask({ 'aws:requesttag/tenantid': 'acme' }), 'Allow', 'condition key names are case-insensitive');
  t.is(ask({ 'aws:RequestTag/TenantId': 'Acme' }), 'ImplicitDeny');
  t.is(ask({}), 'ImplicitDeny');
  t.is(ask({ 'aws:RequestTag/TenantId': 'acme' }, 'arn:aws:iam::123456789012:role/Other'), 'ImplicitDeny');
  const multi = doc({
    Effect: 'Allow',
    Action: 'dynamodb:GetItem',
    Resource: TABLE,
    Condition: { StringLike: { 'dynamodb:LeadingKeys': 'a*' } },
  });
  t.throws(() =>
    evaluate(multi, { action: 'dynamodb:GetItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['a'] } }),
  );
});

test('an explicit Deny wins over an Allow; actions match case-insensitively, resources with wildcards', (t) => {
  const policy = doc(
    { Effect: 'Allow', Action: ['dynamodb:*'], Resource: [TABLE, `${TABLE}/index/*`] },
    { Effect: 'Deny', Action: 'dynamodb:Scan', Resource: TABLE },
  );
  t.is(evaluate(policy, { action: 'DynamoDB:getitem', resource: TABLE, context: {} }), 'Allow');
  t.is(evaluate(policy, { action: 'dynamodb:Query', resource: `${TABLE}/index/ByX`, context: {} }), 'Allow');
  t.is(evaluate(policy, { action: 'dynamodb:Query', resource: `${TABLE}2`, context: {} }), 'ImplicitDeny');
  t.is(evaluate(policy, { action: 'dynamodb:Scan', resource: TABLE, context: {} }), 'ExplicitDeny');
  t.throws(() =>
    evaluate(doc({ Effect: 'Allow', Action: 'x:Y', Condition: { NumericEquals: { k: '1' } } }), {
      action: 'x:Y',
      context: { k: '1' },
    }),
  );
});
