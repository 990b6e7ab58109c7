import test from 'ava';
import { mapAwsError } from '../../src/errors/map-aws-error.js';
import {
  ConditionalCheckFailedError,
  DynamoRequestError,
  FluentDynamoError,
  InvalidCursorError,
  InvalidRequestError,
  MappingError,
  VersionConflictError,
} from '../../src/index.js';

test('instanceof follows the class hierarchy, through the brand check', (t) => {
  const conflict = new VersionConflictError('v', 't', undefined, undefined);
  const failed = new ConditionalCheckFailedError('c', 't', undefined, undefined);
  t.true(conflict instanceof VersionConflictError);
  t.true(conflict instanceof ConditionalCheckFailedError);
  t.true(conflict instanceof FluentDynamoError);
  t.true(conflict instanceof Error);
  t.false(failed instanceof VersionConflictError);
  t.false(new MappingError('m') instanceof ConditionalCheckFailedError);
  t.true(new InvalidCursorError('x') instanceof InvalidRequestError);
  t.false(new InvalidRequestError('x') instanceof InvalidCursorError);
  t.false(new Error('plain') instanceof FluentDynamoError);
  t.is(conflict.name, 'VersionConflictError');
});

test('an error from another copy of the package is recognised by its brand', (t) => {
  // What the other build's class would create: same brands, another prototype chain.
  const foreign = Object.assign(new Error('x'), {});
  Object.defineProperty(foreign, Symbol.for('fluent-dynamo.error-brands'), {
    value: new Set(['ConditionalCheckFailedError', 'FluentDynamoError']),
  });
  t.true(foreign instanceof ConditionalCheckFailedError);
  t.true(foreign instanceof FluentDynamoError);
  t.false(foreign instanceof VersionConflictError);
});

test('AWS errors become named errors that keep the cause', (t) => {
  const throttled = Object.assign(new Error('slow down'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: {},
  });
  const mapped = mapAwsError(throttled, {
    operation: 'PutItem',
    table: 'users',
    label: 'User',
    key: { pk: { S: 'USER#1' } },
  });
  t.true(mapped instanceof DynamoRequestError);
  const e = mapped as DynamoRequestError;
  t.is(e.code, 'ProvisionedThroughputExceededException');
  t.true(e.retryable);
  t.is(e.cause, throttled);
  t.regex(e.message, /PutItem on users \(pk=USER#1\) failed: ProvisionedThroughputExceededException: slow down/);
});
