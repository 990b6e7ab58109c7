// Runs the StsTenantClientProvider options that documentation snippets write, against a local STS: a snippet that
// compiles can still be unusable (an externalId of one character, a session name with a space, a policy over the
// size limit), and then every request of every tenant fails. Compiling is test/docs/snippets.test.ts's job; this
// makes a real AssumeRole with the options as written.
//
// The scheme: each `new StsTenantClientProvider(<options>)` of a ```ts block is found (strings and comments are
// skipped when matching its parentheses), <options> is compiled from TypeScript with esbuild into a module that
// returns it, and evaluated with the few names snippets use for values they assume or define before the call
// (see `assumedNames` below: `sts`, the local STS; `dynamo`, DynamoDB Local; `roleArn`; `principal`; a `pool`; a
// `record` event sink; `homeRegionOf`; `process.env.TENANT_ROLE_ARN`). A snippet that uses another free name
// fails with a ReferenceError naming it: add it there. The options are used as written, except where the provider
// goes: `sts` becomes the local STS's client settings, `dynamo.endpoint` the test DynamoDB Local. Then
// `clientFor('acme', principal)` must give a client, the local STS must have answered the AssumeRole, and
// DynamoDB Local must accept the client's credentials (ListTables).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { transform } from 'esbuild';
import { SharedHttpHandler, StsTenantClientProvider, type StsTenantClientProviderOptions } from '../../../src/index.js';
import type { LocalSts } from '../../../src/testing/index.js';
import { codeOnly } from '../../examples/support/type-escapes.js';
import { extractSnippets, FRAGMENT_MARKER } from './snippets/extract.js';

/** The tenant and principal every provider snippet is run for. */
export const SAMPLE_TENANT = 'acme';
export const SAMPLE_PRINCIPAL = {
  userId: 'u1',
  tenants: [SAMPLE_TENANT],
  // The same caller as the guides' own principal shapes write it (`sub`, `tenantIds`, `roles`).
  sub: 'u1',
  tenantIds: [SAMPLE_TENANT],
  roles: [],
};

export interface ProviderSnippet {
  /** `README.md:957`: the markdown file and the line of the constructor call. */
  readonly location: string;
  /** The options argument, as written (TypeScript). */
  readonly options: string;
  /**
   * The example file the block is (`<!-- file: examples/... -->` before the fence, see
   * test/docs/first-app-guide.test.ts): its options use names of that file (a function's parameters), and the
   * example's own test runs it for real against the local STS, so it is not evaluated here.
   */
  readonly exampleFile?: string;
}

const FILE_MARKER = /^<!-- file: (examples\/\S+) -->$/;

/** The `<!-- file: ... -->` path above a fence (directly, or above the fragment marker). */
function exampleFileAbove(lines: readonly string[], fenceLine: number): string | undefined {
  let above = fenceLine - 2;
  if (lines[above]?.trim() === FRAGMENT_MARKER) above--;
  return FILE_MARKER.exec(lines[above]?.trim() ?? '')?.[1];
}

const CONSTRUCTOR = /new\s+StsTenantClientProvider\s*(<[^()]*>)?\s*\(/g;

/** Every `new StsTenantClientProvider(...)` in the ```ts blocks of a markdown text. */
export function providerSnippets(markdown: string, file: string): ProviderSnippet[] {
  const found: ProviderSnippet[] = [];
  const lines = markdown.split(/\r?\n/);
  for (const snippet of extractSnippets(markdown, file)) {
    const exampleFile = exampleFileAbove(lines, snippet.fenceLine);
    const code = codeOnly(snippet.code);
    for (const match of code.matchAll(CONSTRUCTOR)) {
      const open = (match.index ?? 0) + match[0].length;
      const close = matchingParenthesis(code, open);
      const line = snippet.fenceLine + code.slice(0, match.index).split('\n').length;
      const options = snippet.code.slice(open, close).trim();
      found.push({ location: `${file}:${line}`, options, ...(exampleFile ? { exampleFile } : {}) });
    }
  }
  return found;
}

/** The index of the `)` closing the parenthesis opened just before `from` (strings already blanked). */
function matchingParenthesis(code: string, from: number): number {
  let depth = 1;
  for (let i = from; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses after offset ${from}`);
}

export interface RunEnvironment {
  readonly sts: LocalSts;
  /** DynamoDB Local: the scoped clients go there. */
  readonly dynamo: { readonly endpoint: string; readonly region: string };
  /** Where the generated modules are written. */
  readonly outDir: string;
}

export type RunResult =
  | { readonly ok: true; readonly assumeRoleCalls: number }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly stage: 'evaluate' | 'construct' | 'clientFor' | 'dynamodb';
    };

let generated = 0;

/** Evaluates a snippet's options (see the scheme above). */
async function evaluateOptions(
  snippet: ProviderSnippet,
  env: RunEnvironment,
  names: AssumedNames,
): Promise<StsTenantClientProviderOptions> {
  const source =
    `export default (env) => {\n` +
    `  const { sts, dynamo, roleArn, principal, pool, record, homeRegionOf, process } = env;\n` +
    `  return (\n${snippet.options}\n);\n};\n`;
  const { code } = await transform(source, { loader: 'ts', format: 'esm', sourcefile: snippet.location });
  mkdirSync(env.outDir, { recursive: true });
  const file = path.join(env.outDir, `provider-${process.pid}-${++generated}.mjs`);
  writeFileSync(file, `// ${snippet.location}\n${code}`);
  const module = (await import(pathToFileURL(file).href)) as {
    default: (environment: Record<string, unknown>) => StsTenantClientProviderOptions;
  };
  return module.default({ ...names });
}

/** The values of the names provider snippets assume or define before the constructor call. */
interface AssumedNames {
  readonly pool: SharedHttpHandler;
  readonly [name: string]: unknown;
}

function assumedNames(env: RunEnvironment): AssumedNames {
  return {
    sts: env.sts,
    dynamo: env.dynamo,
    roleArn: `arn:aws:iam::123456789012:role/TenantRole-${SAMPLE_TENANT}`,
    principal: SAMPLE_PRINCIPAL,
    // A shared pool of the application's: closed after the run, as its owner would.
    pool: new SharedHttpHandler({ maxSockets: 4 }),
    // An onEvent sink and a tenant's home region, as the guides' scenarios define them.
    record: () => {},
    homeRegionOf: () => env.dynamo.region,
    process: { env: { TENANT_ROLE_ARN: 'arn:aws:iam::123456789012:role/TenantRole-{tenantId}' } },
  };
}

/** Runs one snippet's options: a real AssumeRole on the local STS, and a request to DynamoDB Local. */
export async function runProviderSnippet(snippet: ProviderSnippet, env: RunEnvironment): Promise<RunResult> {
  const names = assumedNames(env);
  try {
    return await runWith(snippet, env, names);
  } finally {
    names.pool.close();
  }
}

async function runWith(snippet: ProviderSnippet, env: RunEnvironment, names: AssumedNames): Promise<RunResult> {
  let written: StsTenantClientProviderOptions;
  try {
    written = await evaluateOptions(snippet, env, names);
  } catch (error) {
    return { ok: false, error, stage: 'evaluate' };
  }
  const before = env.sts.assumeRoleCalls().length;
  let provider: StsTenantClientProvider;
  try {
    provider = new StsTenantClientProvider({
      ...written,
      sts: env.sts.clientConfig('docsrunner'),
      dynamo: { ...written.dynamo, region: written.dynamo?.region ?? env.dynamo.region, endpoint: env.dynamo.endpoint },
    });
  } catch (error) {
    return { ok: false, error, stage: 'construct' };
  }
  try {
    let client: Awaited<ReturnType<typeof provider.clientFor>>;
    try {
      client = await provider.clientFor(SAMPLE_TENANT, SAMPLE_PRINCIPAL);
    } catch (error) {
      return { ok: false, error, stage: 'clientFor' };
    }
    const calls = env.sts.assumeRoleCalls().slice(before);
    if (!calls.some((call) => call.outcome.ok)) {
      return { ok: false, error: new Error('the local STS answered no AssumeRole'), stage: 'clientFor' };
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
    } catch (error) {
      return { ok: false, error, stage: 'dynamodb' };
    }
    return { ok: true, assumeRoleCalls: calls.length };
  } finally {
    await provider.close();
  }
}
