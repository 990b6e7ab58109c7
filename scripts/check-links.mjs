#!/usr/bin/env node
// `npm run check:links`: every relative link of the shipped documentation leads somewhere.
//
// Checked files: README.md, BENCHMARKS.md, docs/**/*.md and examples/**/*.md. In each, every relative link
// (inline `[text](target)` and `![alt](target)`, reference definitions `[id]: target`, HTML `href`/`src`) must
// name an existing file or directory, and a `#anchor` (alone: this file; after a .md file: that file) must be a
// heading of that file as GitHub slugs it (lower case, punctuation dropped, spaces to hyphens, `-1`, `-2`, ...
// for repeats) or an explicit `<a id>`/`<a name>`. README.md and docs/ are read in node_modules and on the
// package page too, where test/, src/, bench/ and scripts/ do not exist (the package does not ship them): a
// link from them into those directories is an error. Links with a scheme (https:, mailto:) are not checked.
// Code blocks and code spans are not links.
//
// Prints one line per problem (`file:line: message`) and exits 1 when there is any. No dependencies: the test
// suite imports checkLinks() from here (test/docs/link-checker.test.ts, test/docs/links.test.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Directories that are not in the package: README.md and docs/ must not link into them. */
export const UNSHIPPED_DIRECTORIES = ['test', 'src', 'bench', 'scripts'];

/** The markdown files checked, relative to `root`, sorted. */
export function documentationFiles(root) {
  const files = ['README.md', 'BENCHMARKS.md'].filter((file) => existsSync(path.join(root, file)));
  for (const dir of ['docs', 'examples']) files.push(...markdownUnder(root, dir));
  return files.sort();
}

function markdownUnder(root, dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  const found = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...markdownUnder(root, relative));
    else if (entry.name.endsWith('.md')) found.push(relative);
  }
  return found;
}

/**
 * The lines of a markdown text with fenced code blocks blanked (so that their contents are neither links nor
 * headings), and inline code spans blanked within the remaining lines unless `codeSpans` keeps them (a heading's
 * code counts in its anchor). Line numbers are kept.
 */
function proseLines(markdown, { codeSpans = false } = {}) {
  const lines = markdown.split(/\r?\n/);
  let fence;
  return lines.map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (
        marker &&
        marker[1][0] === fence[0] &&
        marker[1].length >= fence.length &&
        !/\S/.test(line.slice(marker[0].length))
      ) {
        fence = undefined;
      }
      return '';
    }
    if (marker) {
      fence = marker[1];
      return '';
    }
    return codeSpans ? line : line.replace(/(`+)(?:(?!\1).)+?\1/g, (span) => ' '.repeat(span.length));
  });
}

/** GitHub's anchor of a heading text: markdown removed, lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading) {
  const text = heading
    .replace(/`+([^`]*?)`+/g, '$1') // code spans keep their text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images keep their text
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1') // reference links
    .replace(/<[^>]+>/g, '') // HTML tags
    .replace(/(\*\*|__)(.+?)\1/g, '$2') // strong
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?=[^\w*]|$)/g, '$1$2') // emphasis
    .replace(/(^|\W)_(?!\s)(.+?)_(?=\W|$)/g, '$1$2')
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown text: its headings' slugs (repeats numbered as GitHub does) and explicit ids. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  const add = (slug) => {
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  const lines = proseLines(markdown, { codeSpans: true });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (atx) add(githubSlug(atx[1] ?? ''));
    else if (
      /^ {0,3}(=+|-+)\s*$/.test(line) &&
      i > 0 &&
      /\S/.test(lines[i - 1]) &&
      !/^ {0,3}([-*+]|\d+[.)])\s/.test(lines[i - 1])
    ) {
      // A setext heading (the text above underlined by === or ---); a lone --- after a blank line is a rule.
      add(githubSlug(lines[i - 1].trim()));
    }
    for (const match of line.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(match[1]);
  }
  return anchors;
}

/** The links of a markdown text, with their line numbers: `{ line, target }`. */
export function linksOf(markdown) {
  const links = [];
  proseLines(markdown).forEach((line, index) => {
    const at = index + 1;
    // [text](target "title") and ![alt](target): the target is up to the first space or the closing parenthesis,
    // or <...> in angle brackets; balanced parentheses inside a target are allowed.
    for (const match of line.matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)/g)) {
      links.push({ line: at, target: match[1].replace(/^<|>$/g, '') });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) links.push({ line: at, target: definition[1].replace(/^<|>$/g, '') });
    for (const match of line.matchAll(/<(?:a|img)\s[^>]*?\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)) {
      links.push({ line: at, target: match[1] });
    }
  });
  return links;
}

const isExternal = (target) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/**
 * The problems of the relative links of `files` (relative to `root`; default: documentationFiles(root)):
 * `{ file, line, target, message }`, in file and line order.
 */
export function checkLinks(root, files = documentationFiles(root)) {
  const problems = [];
  const anchorCache = new Map();
  const anchorsOfFile = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    return anchorCache.get(file);
  };
  for (const file of files) {
    const full = path.join(root, file);
    const shipped = file === 'README.md' || file.startsWith('docs/');
    for (const { line, target } of linksOf(readFileSync(full, 'utf8'))) {
      const report = (message) => problems.push({ file, line, target, message });
      if (target === '' || isExternal(target)) continue;
      const hashAt = target.indexOf('#');
      const pathPart = (hashAt < 0 ? target : target.slice(0, hashAt)).replace(/\?.*$/, '');
      const anchor = hashAt < 0 ? undefined : target.slice(hashAt + 1);
      let decoded;
      try {
        decoded = decodeURIComponent(pathPart);
      } catch {
        report('is not a valid URL (bad percent-encoding)');
        continue;
      }
      if (decoded.startsWith('/')) {
        report('is absolute: use a path relative to this file (absolute paths break on the package page)');
        continue;
      }
      const resolved = decoded === '' ? full : path.resolve(path.dirname(full), decoded);
      const inRepository = path.relative(root, resolved);
      if (inRepository.startsWith('..') || path.isAbsolute(inRepository)) {
        report('leads outside the repository');
        continue;
      }
      const topDirectory = inRepository.split(path.sep)[0];
      if (shipped && UNSHIPPED_DIRECTORIES.includes(topDirectory)) {
        report(`links into ${topDirectory}/, which the npm package does not contain`);
        continue;
      }
      if (!existsSync(resolved)) {
        report(`names ${inRepository.split(path.sep).join('/')}, which does not exist`);
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
        report('has an anchor, but does not lead to a markdown file');
        continue;
      }
      let wanted;
      try {
        wanted = decodeURIComponent(anchor);
      } catch {
        wanted = anchor;
      }
      if (!anchorsOfFile(resolved).has(wanted)) {
        const where = decoded === '' ? 'this file' : inRepository.split(path.sep).join('/');
        report(`#${wanted} is no heading of ${where}`);
      }
    }
  }
  return problems;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const files = documentationFiles(root);
  const problems = checkLinks(root, files);
  for (const { file, line, target, message } of problems) console.error(`${file}:${line}: (${target}) ${message}`);
  if (problems.length > 0) {
    console.error(`[check:links] ${problems.length} broken link(s) in ${files.length} files`);
    process.exit(1);
  }
  console.log(`[check:links] every relative link of ${files.length} files resolves`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
