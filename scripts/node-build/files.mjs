import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively. */
export function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Every .js file under `dir`, recursively. */
export function* jsFiles(dir) {
  for (const file of files(dir)) if (file.endsWith('.js')) yield file;
}
