/**
 * Cold-start rows: what a fresh process (a Lambda cold start) pays for
 * fluent-dynamo on top of the raw SDK.
 *
 * - import time: `import '@aws-sdk/client-dynamodb'` and fluent-dynamo's root entry point, against the DynamoDB
 *   client alone; each sample a fresh node process (child.js), raw and fluent alternating, median of the
 *   per-pair ratios.
 * - first request: import a one-get handler, create its client, answer the first get through the canned transport.
 * - bundle: esbuild (minified, platform node, SDK included) of the fluent handler against the raw one; esbuild
 *   reads the build for bundlers, dist/esm.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { median, quantile } from '../harness/measure.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./child.js', import.meta.url));

export interface ColdPair {
  readonly rawMs: number;
  readonly fluentMs: number;
  /** Median of the samples' ratios fluent / raw, with quartiles. */
  readonly ratio: number;
  readonly ratioP25: number;
  readonly ratioP75: number;
}

async function sample(node: string, mode: 'import' | 'first', side: 'raw' | 'fluent', env: NodeJS.ProcessEnv) {
  const { stdout } = await run(node, [child, mode, side], { env });
  return Number(stdout.trim().split('\n').pop());
}

/** `samples` fresh processes per side, alternating which side goes first. */
export async function coldPair(
  mode: 'import' | 'first',
  samples: number,
  cannedGetBody: string,
  node = process.execPath,
): Promise<ColdPair> {
  const env = { ...process.env, CANNED_GET_BODY: cannedGetBody };
  // One of each first: the file system cache is warm for both sides, as on a warm Lambda host.
  await sample(node, mode, 'raw', env);
  await sample(node, mode, 'fluent', env);
  const raw: number[] = [];
  const fluent: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < samples; i++) {
    const order = i % 2 === 0 ? (['raw', 'fluent'] as const) : (['fluent', 'raw'] as const);
    const ms: Record<string, number> = {};
    for (const side of order) ms[side] = await sample(node, mode, side, env);
    raw.push(ms.raw as number);
    fluent.push(ms.fluent as number);
    ratios.push((ms.fluent as number) / (ms.raw as number));
  }
  return {
    rawMs: median(raw),
    fluentMs: median(fluent),
    ratio: median(ratios),
    ratioP25: quantile(ratios, 0.25),
    ratioP75: quantile(ratios, 0.75),
  };
}

export interface BundleSizes {
  readonly rawBytes: number;
  readonly fluentBytes: number;
}

async function bundleBytes(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Not tsconfig.json's `paths` (the sources): the package's "exports", as an application's bundler resolves it.
    tsconfigRaw: '{}',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
}

/** Minified esbuild bundles (SDK included) of the two one-get handlers. */
export async function bundleSizes(): Promise<BundleSizes> {
  return {
    rawBytes: await bundleBytes('./handlers/raw-get.js'),
    fluentBytes: await bundleBytes('./handlers/fluent-get.js'),
  };
}
