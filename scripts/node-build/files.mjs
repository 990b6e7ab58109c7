import { readdirSync, readFileSync } from 'node:fs';
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

// tsc writes every static import and `export ... from` as one statement ending in ';'.
const STATEMENT = /^(import|export)\b([^;]*?)\bfrom\s*'([^']+)';|^import\s*'([^']+)';/gm;
const NAMED = /^\s*\{([^}]*)\}\s*$/;

const parsed = new Map();

/**
 * The static imports and `export ... from` statements of a module tsc wrote, read once per file:
 * `keyword`, `specifier` (relative ones resolved to a path as `module`), whether it is only loaded for its effect
 * (`import 'x';`), and its `names` (`{ name, as }`) when it lists them in braces (undefined for a default, a
 * namespace or `export *`).
 */
export function staticImports(file) {
  let statements = parsed.get(file);
  if (statements) return statements;
  statements = [];
  for (const match of readFileSync(file, 'utf8').matchAll(STATEMENT)) {
    const effect = match[4] !== undefined;
    const specifier = match[3] ?? match[4];
    const list = effect ? undefined : NAMED.exec(match[2]);
    statements.push({
      keyword: effect ? 'import' : match[1],
      specifier,
      module: specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : undefined,
      effect,
      names: list
        ? list[1]
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
            .map((part) => {
              const [name, as = name] = part.split(/\s+as\s+/);
              return { name, as };
            })
        : undefined,
    });
  }
  parsed.set(file, statements);
  return statements;
}

/** An esbuild onResolve of relative imports: those of a module in `rootGraph` (the root's) go to `namespace`. */
export function resolveRootModules(build, rootGraph, namespace) {
  build.onResolve({ filter: /^\./ }, (args) => {
    const module = path.resolve(args.resolveDir, args.path);
    return rootGraph.has(module) ? { path: module, namespace } : undefined;
  });
}
