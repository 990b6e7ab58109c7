// The repository this code runs from: the nearest directory above it whose package.json is fluent-dynamo's
// (tests run from build/test/..., the sources live at the root).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function repositoryRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'fluent-dynamo') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no fluent-dynamo package.json above ${from}`);
  }
}
