// Type-checks the TypeScript blocks of markdown files against the library as it is published: its declarations
// are emitted as the package build emits them (tsconfig.esm.json, `@internal` members stripped), each block becomes
// a module of its own in a scratch directory, next to nothing but the prelude (the entities, repositories and
// clients the examples assume), and ONE run of the repository's own tsc checks them all. Errors are reported at
// their markdown line.

import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CompilerError, parseCompilerErrors, type SnippetOrigin } from './compiler-errors.js';
import { extractSnippets } from './extract.js';
import { snippetTsconfig } from './snippet-tsconfig.js';

export interface MarkdownSource {
  /** As reported, relative to the repository (e.g. `README.md`). */
  readonly file: string;
  readonly text: string;
}

export interface CheckSnippetsOptions {
  /** The repository: its src (built into declarations), node_modules/typescript and the prelude are used. */
  readonly root: string;
  readonly sources: readonly MarkdownSource[];
  /** Scratch directory for the generated modules and tsconfig; emptied first. */
  readonly outDir: string;
  /** Directory of the prelude's .ts files; default scripts/snippet-prelude of the repository. */
  readonly preludeDir?: string;
}

export interface CheckSnippetsResult {
  /** Blocks compiled. */
  readonly checked: number;
  /** Blocks marked as fragments, not compiled. */
  readonly skipped: number;
  readonly errors: readonly CompilerError[];
}

export async function checkSnippets(options: CheckSnippetsOptions): Promise<CheckSnippetsResult> {
  const { root, outDir } = options;
  const preludeDir = options.preludeDir ?? path.join(root, 'scripts', 'snippet-prelude');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const origins = new Map<string, SnippetOrigin>();
  let skipped = 0;
  for (const source of options.sources) {
    for (const snippet of extractSnippets(source.text, source.file)) {
      if (snippet.fragment) {
        skipped++;
        continue;
      }
      const module = path.join(outDir, `${slug(source.file)}-${snippet.fenceLine}.ts`);
      writeFileSync(module, snippet.code);
      origins.set(module, snippet);
    }
  }
  // The prelude is copied next to the snippets and the declarations, so that all three resolve the AWS SDK from
  // the same place (the suite can put another SDK version first in build/node_modules).
  const preludeCopy = path.join(outDir, 'prelude');
  mkdirSync(preludeCopy, { recursive: true });
  const prelude = readdirSync(preludeDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => {
      copyFileSync(path.join(preludeDir, name), path.join(preludeCopy, name));
      return path.join(preludeCopy, name);
    });
  // The declarations a user compiles against: what a snippet may use is what the package exports.
  const declarations = path.join(outDir, 'declarations');
  const emitted = await runTsc(root, path.join(root, 'tsconfig.esm.json'), [
    '--emitDeclarationOnly',
    '--declarationMap',
    'false',
    '--outDir',
    declarations,
  ]);
  if (emitted.trim() !== '') throw new Error(`emitting the package's declarations failed:\n${emitted}`);
  const tsconfig = path.join(outDir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify(snippetTsconfig(root, declarations, [...prelude, ...origins.keys()]), null, 2),
  );

  const output = await runTsc(root, tsconfig);
  return { checked: origins.size, skipped, errors: parseCompilerErrors(output, origins, root) };
}

/** README.md and every markdown file under docs/, as checkSnippets takes them. */
export function repositoryMarkdown(root: string): MarkdownSource[] {
  const docs = readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs].map((file) => ({
    file: file.split(path.sep).join('/'),
    text: readFileSync(path.join(root, file), 'utf8'),
  }));
}

/** `README.md` → `readme-md`, `docs/guide/a.md` → `docs-guide-a-md`. */
function slug(file: string): string {
  return file
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Runs node_modules/typescript/bin/tsc on the project; resolves to what it printed (its diagnostics). */
function runTsc(root: string, tsconfig: string, extra: readonly string[] = []): Promise<string> {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false', ...extra], { cwd: root });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // 0: no errors; 1 and 2: errors were reported. Anything else: tsc itself failed, and says why.
      if (code === 0 || output.trim() !== '') resolve(output);
      else reject(new Error(`tsc exited with ${code} without a diagnostic`));
    });
  });
}
