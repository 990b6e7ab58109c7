import test from 'ava';
import { walkthrough } from '../../examples/demo/walkthrough.js';
import { testClient } from '../support/dynamo.js';

test('the demo walkthrough runs against DynamoDB Local and says what happened', async (t) => {
  const lines: string[] = [];
  await walkthrough(testClient(), (line) => lines.push(line));
  const output = lines.join('\n');
  t.regex(output, /refused as expected: ConditionalCheckFailedError/);
  t.regex(output, /refused as expected: VersionConflictError/);
  t.regex(output, /"Jane Doe"/);
  t.regex(output, /get now returns \(none\)/);
});
