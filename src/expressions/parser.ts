/**
 * Entry point of parsing: tokenizes a template and parses it with the
 * grammar of its kind, plus the checks that span the whole template
 * (placeholder numbering, overlapping paths, key condition shape).
 */
import type { ConditionNode, PathNode, UpdateClauseNode } from './ast.js';
import { parseCondition } from './condition-parser.js';
import { templateError } from './fail.js';
import { type KeyConditionParts, splitKeyCondition } from './key-condition.js';
import { CONDITION_KEYWORDS, UPDATE_KEYWORDS } from './keywords.js';
import { findOverlap } from './overlap.js';
import { TokenStream } from './token-stream.js';
import { tokenize } from './tokenizer.js';
import type { ExpressionKind } from './types.js';
import { parseUpdate } from './update-parser.js';

export type ParsedTemplate =
  | { readonly kind: 'condition'; readonly root: ConditionNode }
  | { readonly kind: 'keyCondition'; readonly root: ConditionNode; readonly key: KeyConditionParts }
  | { readonly kind: 'update'; readonly clauses: readonly UpdateClauseNode[] }
  | { readonly kind: 'projection'; readonly paths: readonly PathNode[] };

const NO_KEYWORDS: ReadonlySet<string> = new Set();

const KEYWORDS: Readonly<Record<ExpressionKind, ReadonlySet<string>>> = {
  condition: CONDITION_KEYWORDS,
  keyCondition: CONDITION_KEYWORDS,
  update: UPDATE_KEYWORDS,
  // A projection is only paths and commas: nothing there can be mistaken for a keyword.
  projection: NO_KEYWORDS,
};

const EXAMPLES: Readonly<Record<ExpressionKind, string>> = {
  condition: 'status = {0}',
  keyCondition: 'pk = {0}',
  update: 'SET name = {0}',
  projection: 'a, b.c',
};

export function parseTemplate(kind: ExpressionKind, template: string): ParsedTemplate {
  const tokens = tokenize(kind, template);
  const stream = new TokenStream(kind, template, tokens, KEYWORDS[kind]);
  if (tokens[0].type === 'eof') {
    stream.fail(0, 'the template is empty', `write an expression, e.g. ${EXAMPLES[kind]}`);
  }
  let parsed: ParsedTemplate;
  switch (kind) {
    case 'condition':
      parsed = { kind, root: parseCondition(stream) };
      break;
    case 'keyCondition': {
      const root = parseCondition(stream);
      parsed = { kind, root, key: splitKeyCondition(stream, root) };
      break;
    }
    case 'update': {
      const clauses = parseUpdate(stream);
      checkOverlap(
        stream,
        clauses.flatMap((clause) => clause.actions.map((action) => action.target)),
        'an update expression',
      );
      parsed = { kind, clauses };
      break;
    }
    case 'projection': {
      const paths = parseProjection(stream);
      checkOverlap(stream, paths, 'a projection');
      parsed = { kind, paths };
      break;
    }
  }
  checkNumbering(
    kind,
    template,
    tokens.filter((t) => t.type === 'placeholder' || t.type === 'namePlaceholder'),
  );
  return parsed;
}

/** path ( ',' path )* */
function parseProjection(stream: TokenStream): PathNode[] {
  const paths: PathNode[] = [];
  for (;;) {
    const token = stream.peek();
    if (token.type === 'placeholder') {
      stream.fail(token.pos, 'a projection cannot contain values', 'list attribute paths only, separated by commas');
    }
    paths.push(stream.parsePath('an attribute path'));
    const sep = stream.peek();
    if (sep.type === 'eof') return paths;
    if (!stream.isPunct(sep, ','))
      stream.unexpected(
        sep,
        "',' between paths",
        'a projection lists attribute paths separated by commas, e.g. a, b.c, d[0]',
      );
    stream.next();
  }
}

function checkOverlap(stream: TokenStream, paths: readonly PathNode[], where: string): void {
  const pair = findOverlap(paths);
  if (pair === undefined) return;
  const [earlier, later] = pair;
  const text = (p: PathNode): string => stream.template.slice(p.pos, p.end);
  stream.fail(
    later.pos,
    `the path ${text(later)} overlaps the path ${text(earlier)} at position ${earlier.pos}`,
    `DynamoDB rejects ${where} that names a path twice, or a path and a part of it ("Two document paths overlap"): keep only one of them`,
  );
}

/** Placeholders must number the values 0..n-1, each used at least once: DynamoDB rejects unused values. */
function checkNumbering(
  kind: ExpressionKind,
  template: string,
  placeholders: readonly { readonly index: number; readonly pos: number }[],
): void {
  if (placeholders.length === 0) return;
  const used = new Set(placeholders.map((p) => p.index));
  const max = Math.max(...used);
  for (let index = 0; index < max; index++) {
    if (!used.has(index)) {
      // There is one: `max` itself is above `index`.
      const after = placeholders.find((p) => p.index > index) ?? placeholders[0];
      throw templateError(
        kind,
        template,
        after.pos,
        `value ${index} is never used: the template has {${max}} but no {${index}}`,
        `number the placeholders from {0} without gaps (every value passed must appear in the template)`,
      );
    }
  }
}
