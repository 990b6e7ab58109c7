import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The node binaries of the other supported Node lines: FLUENT_DYNAMO_BENCH_NODES (paths separated by ':'), or
 * else the ones .ci/run installed into its cache (Node 24 and the oldest supported, 20.19.0). Binaries of the
 * running Node's version are left out.
 */
export function otherNodes(): string[] {
  const listed = process.env.FLUENT_DYNAMO_BENCH_NODES?.split(':').filter((p) => p !== '');
  const cache =
    process.env.FLUENT_DYNAMO_CI_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'fluent-dynamo-ci');
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const candidates =
    listed ??
    ['24', '20.19.0'].map((v) => path.join(cache, `node-${v}`, 'node_modules', `node-linux-${arch}`, 'bin', 'node'));
  return candidates.filter((bin) => existsSync(bin) && bin !== process.execPath);
}
