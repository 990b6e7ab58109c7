import test from 'ava';
import { retryPolicy } from '../../src/builders/batching/backoff.js';
import { sendUntilProcessed } from '../../src/builders/batching/retry-loop.js';
import { DynamoRequestError } from '../../src/index.js';

// The loop's bookkeeping of what a lost answer leaves in doubt; the chaos-proxy test in
// test/reliability/throttling.test.ts shows the same against DynamoDB Local.
const policy = retryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 });
/** A DynamoRequestError as mapAwsError makes it, over the SDK error of one attempt. */
const failure = (code: string, retryable = true, status?: number, attempts = 1) =>
  new DynamoRequestError(`BatchWriteItem failed: ${code}`, code, 'BatchWriteItem', 't', retryable, {
    cause: Object.assign(new Error(code), {
      name: status === undefined ? 'Error' : code,
      code,
      $metadata: { httpStatusCode: status, attempts },
    }),
  });
const throttling = (code = 'ProvisionedThroughputExceededException') => failure(code, true, 400);

/** An answer of a request one of whose SDK attempts lost its answer first: what it handed back. */
const afterLostAnswer = (unprocessed: readonly string[]) => ({ unprocessed, answerLost: true });

/**
 * A send that plays the given answers in turn: a list of what came back unprocessed, the same after a lost
 * answer inside the request, or an error.
 */
function scripted(answers: ReadonlyArray<readonly string[] | ReturnType<typeof afterLostAnswer> | Error>) {
  const sent: string[][] = [];
  const send = async (pending: readonly string[]) => {
    sent.push([...pending]);
    const answer = answers[sent.length - 1];
    if (answer instanceof Error) throw answer;
    const back = answer && 'unprocessed' in answer ? answer.unprocessed : answer;
    return {
      unprocessed: pending.filter((w) => back?.includes(w)),
      answerLost: answer !== undefined && 'answerLost' in answer,
    };
  };
  return { sent, send };
}

test('a lost answer puts what it held in doubt; a later unprocessed answer does not clear the doubt', async (t) => {
  const { send, sent } = scripted([
    failure('ECONNRESET'),
    ['b', 'c'],
    failure('ProvisionedThroughputExceededException'),
  ]);
  const outcome = await sendUntilProcessed(['a', 'b', 'c'], send, policy);
  t.deepEqual(sent, [
    ['a', 'b', 'c'],
    ['a', 'b', 'c'],
    ['b', 'c'],
  ]);
  t.deepEqual(outcome.pending, ['b', 'c']);
  t.deepEqual([...outcome.inDoubt].sort(), ['b', 'c'], "'a' landed on the second attempt");
  t.false(outcome.fatal);
});

test("what a request hands back after one of the SDK's attempts lost its answer is in doubt; what it processed is not", async (t) => {
  const { send } = scripted([afterLostAnswer(['b', 'c']), ['c'], ['c']]);
  const outcome = await sendUntilProcessed(['a', 'b', 'c'], send, policy);
  t.deepEqual(outcome.pending, ['c']);
  t.deepEqual([...outcome.inDoubt], ['c'], "'a' landed at once, 'b' on the second request");
});

test('throttling alone leaves nothing in doubt: a throttled request was not applied', async (t) => {
  const throttled = throttling('ThrottlingException');
  const { send } = scripted([throttled, throttled, throttled]);
  const outcome = await sendUntilProcessed(['a', 'b'], send, policy);
  t.deepEqual(outcome.pending, ['a', 'b']);
  t.is(outcome.inDoubt.size, 0);
  t.is(outcome.error, throttled);
});

test('doubt ends when a later attempt processes the write', async (t) => {
  const { send } = scripted([failure('TimeoutError'), []]);
  const outcome = await sendUntilProcessed(['a', 'b'], send, policy);
  t.deepEqual(outcome.pending, []);
  t.is(outcome.inDoubt.size, 0);
});

test('a fatal failure after a lost answer keeps the doubt', async (t) => {
  const { send } = scripted([failure('InternalServerError', true, 500), failure('ValidationException', false, 400)]);
  const outcome = await sendUntilProcessed(['a'], send, policy);
  t.true(outcome.fatal);
  t.deepEqual([...outcome.inDoubt], ['a']);
});

test('outcomeUnknown: lost answers and 5xx may have been applied; refusals and unsent requests were not', (t) => {
  for (const error of [
    failure('ECONNRESET'),
    failure('TimeoutError'),
    failure('EPIPE'),
    failure('InternalServerError', true, 500),
  ])
    t.true(error.outcomeUnknown, error.code);
  for (const error of [
    throttling(),
    throttling('ThrottlingException'),
    failure('ECONNREFUSED'),
    failure('ValidationException', false, 400),
  ])
    t.false(error.outcomeUnknown, error.code);
  t.true(
    failure('ThrottlingException', true, 400, 3).outcomeUnknown,
    'retried by the SDK: its earlier attempts are not known',
  );
});
