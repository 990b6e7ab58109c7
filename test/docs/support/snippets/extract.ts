// Finds the TypeScript blocks of a markdown text: every fence opened with ```ts (indented too, as inside a list
// item), with the line it starts on, so that a compiler error can be reported at the line of the markdown file.

/** The comment, on the line before a fence, that marks a block as deliberately incomplete: it is not compiled. */
export const FRAGMENT_MARKER = '<!-- snippet: fragment -->';

export interface Snippet {
  /** The markdown file, as it is reported (e.g. `README.md`). */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly fenceLine: number;
  /** The block's code, its common indentation removed; its first line is the line after the fence. */
  readonly code: string;
  /** Columns of indentation removed from every line of the block. */
  readonly indent: number;
  /** Marked with FRAGMENT_MARKER on the line before the fence. */
  readonly fragment: boolean;
}

const OPENING = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\s*$/;

export function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = OPENING.exec(lines[index]);
    if (!opening) {
      // Skip other fenced blocks whole: a ```ts line inside a ```md example is not a block of its own.
      const other = /^\s*(`{3,}|~{3,})/.exec(lines[index]);
      index = other ? closingIndex(lines, index + 1, other[1]) + 1 : index + 1;
      continue;
    }
    const [, indent, fence] = opening;
    const end = closingIndex(lines, index + 1, fence);
    const body = lines
      .slice(index + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    snippets.push({
      file,
      fenceLine: index + 1,
      code: `${body.join('\n')}\n`,
      indent: indent.length,
      fragment: index > 0 && lines[index - 1].trim() === FRAGMENT_MARKER,
    });
    index = end + 1;
  }
  return snippets;
}

/** The index of the line closing a fence opened with `fence` (or the end of the text when it is never closed). */
function closingIndex(lines: readonly string[], from: number, fence: string): number {
  const char = fence[0];
  for (let index = from; index < lines.length; index++) {
    const trimmed = lines[index].trim();
    if (trimmed.length >= fence.length && [...trimmed].every((c) => c === char)) return index;
  }
  return lines.length;
}
