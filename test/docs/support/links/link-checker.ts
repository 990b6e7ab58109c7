// scripts/check-links.mjs, loaded with its types: the script has no dependencies and no build step, so the tests
// import it at run time from the repository root.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryRoot } from '../snippets/repository-root.js';

/** One broken link: where it is, what it names, and what is wrong. */
export interface LinkProblem {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly message: string;
}

export interface LinkChecker {
  /** The problems of the relative links of `files` (relative to `root`; default: the documentation files). */
  checkLinks(root: string, files?: readonly string[]): LinkProblem[];
  /** README.md, BENCHMARKS.md, docs/**\/*.md and examples/**\/*.md under `root`, sorted. */
  documentationFiles(root: string): string[];
  /** The links of a markdown text with their lines. */
  linksOf(markdown: string): { line: number; target: string }[];
  /** The anchors (heading slugs and explicit ids) of a markdown text. */
  anchorsOf(markdown: string): Set<string>;
  /** GitHub's slug of a heading. */
  githubSlug(heading: string): string;
  /** Directories README.md and docs/ must not link into. */
  readonly UNSHIPPED_DIRECTORIES: readonly string[];
}

export const root = repositoryRoot();
export const checkLinksScript = path.join(root, 'scripts', 'check-links.mjs');

export async function loadLinkChecker(): Promise<LinkChecker> {
  const url: string = pathToFileURL(checkLinksScript).href;
  return (await import(url)) as LinkChecker;
}
