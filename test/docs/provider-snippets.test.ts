// Every ```ts block of README.md and docs/**/*.md that constructs a StsTenantClientProvider is also RUN: its
// options make a real AssumeRole on a local STS for a sample tenant, and the client it gives is accepted by
// DynamoDB Local (scheme and names available to snippets: support/provider-snippets.ts).
import path from 'node:path';
import test from 'ava';
import { type LocalSts, startLocalSts } from '../../src/testing/index.js';
import { testEndpoint } from '../support/dynamo.js';
import { providerSnippets, type RunEnvironment, runProviderSnippet } from './support/provider-snippets.js';
import { repositoryMarkdown } from './support/snippets/check-snippets.js';
import { repositoryRoot } from './support/snippets/repository-root.js';

const root = repositoryRoot();
let sts: LocalSts | undefined;

function environment(): RunEnvironment {
  if (!sts) throw new Error('the local STS is not running');
  return {
    sts,
    dynamo: { endpoint: testEndpoint(), region: process.env.DYNAMODB_REGION ?? 'us-east-1' },
    outDir: path.join(root, 'build', 'provider-snippets'),
  };
}

test.before(async () => {
  // Any role exists and trusts the caller; STS's own parameter rules (lengths, patterns, tags, policy size) apply.
  sts = await startLocalSts({ unknownRoles: 'allow' });
});
test.after.always(async () => {
  await sts?.stop();
});

test.serial(
  'every StsTenantClientProvider of the README and the docs gets a client from a real AssumeRole',
  async (t) => {
    const found = repositoryMarkdown(root).flatMap(({ file, text }) => providerSnippets(text, file));
    // Blocks that are an example's file are run by that example's test (examples/first-app: test/examples/first-app).
    const examples = found.filter((snippet) => snippet.exampleFile);
    for (const snippet of examples) t.regex(snippet.exampleFile ?? '', /^examples\/first-app\//, snippet.location);
    const snippets = found.filter((snippet) => !snippet.exampleFile);
    t.true(snippets.length > 0, 'no provider snippet found: the scheme no longer finds them');
    const failures: string[] = [];
    for (const snippet of snippets) {
      const result = await runProviderSnippet(snippet, environment());
      if (!result.ok) failures.push(`${snippet.location} (${result.stage}): ${String(result.error)}`);
    }
    t.log(`provider snippets: ${snippets.length} run (${snippets.map((s) => s.location).join(', ')})`);
    t.log(
      `and ${examples.length} example files, run by their example's test (${examples.map((s) => s.location).join(', ')})`,
    );
    t.deepEqual(failures, [], `provider snippets whose options do not work:\n${failures.join('\n')}`);
  },
);

const markdown = (options: string) =>
  ['# x', '', '```ts', `const tenants = new StsTenantClientProvider(${options});`, '```', ''].join('\n');

test.serial('the runner refuses a snippet whose externalId STS would refuse', async (t) => {
  const [snippet] = providerSnippets(
    markdown("{ roleArn: (t: string) => 'arn:aws:iam::123456789012:role/TenantRole-' + t, externalId: 'x' }"),
    'bad.md',
  );
  t.is(snippet?.location, 'bad.md:4');
  const result = await runProviderSnippet(snippet, environment());
  t.false(result.ok);
  if (!result.ok) {
    t.is(result.stage, 'clientFor');
    t.regex(String(result.error), /externalId|ExternalId/);
  }
});

test.serial('the runner runs a valid snippet, with nested parentheses and strings holding them', async (t) => {
  const [snippet] = providerSnippets(
    markdown(
      "{ roleArn: (t) => 'arn:aws:iam::123456789012:role/TenantRole-' + t, sessionName: (t) => ['app', t, '(x)'.length].join('-'), externalId: 'ok-external-id' }",
    ),
    'good.md',
  );
  const result = await runProviderSnippet(snippet, environment());
  t.true(result.ok, result.ok ? '' : String(result.error));
});

test.serial('a block marked as an example file is recognised, above the fence or above the fragment marker', (t) => {
  const text = [
    '<!-- file: examples/first-app/src/tenants.ts -->',
    '<!-- snippet: fragment -->',
    '```ts',
    'new StsTenantClientProvider({ roleArn: tenantRoleArn });',
    '```',
    '```ts',
    'new StsTenantClientProvider({ roleArn });',
    '```',
  ].join('\n');
  t.deepEqual(
    providerSnippets(text, 'm.md').map((s) => s.exampleFile),
    ['examples/first-app/src/tenants.ts', undefined],
  );
});

test.serial('a snippet using a name the runner does not provide fails, naming it', async (t) => {
  const [snippet] = providerSnippets(markdown('{ roleArn: unknownRoleArn }'), 'names.md');
  const result = await runProviderSnippet(snippet, environment());
  t.false(result.ok);
  if (!result.ok) {
    t.is(result.stage, 'evaluate');
    t.regex(String(result.error), /unknownRoleArn/);
  }
});
