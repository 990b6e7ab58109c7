/**
 * Splits a template into tokens. Runs once per (kind, template) at compile
 * time, never per request, so clarity wins over speed here.
 *
 * The tokenizer is where literal values are refused: quoted strings, numbers
 * outside list indexes (refused by the parser, which knows where `[n]` is),
 * `:name` value placeholders and `#name` aliases. That is what guarantees a
 * value never enters the expression text: the only way to give a value is
 * `{n}`, and the only names in the rendered text are aliases made by
 * ExpressionContext.
 */
import { templateError } from './fail.js';
import { lookupSpec, SPEC_NAMES } from './specs.js';
import type { ExpressionKind } from './types.js';

export type Punct = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '(' | ')' | ',' | '.' | '[' | ']';

interface TokenBase {
  /** 0-based position of the token's first character in the template. */
  readonly pos: number;
  /** Position just after the token. */
  readonly end: number;
}

/** An attribute name (path segment), keyword or function name. `quoted`: written in backticks, so never a keyword or function. */
export interface NameToken extends TokenBase {
  readonly type: 'name';
  readonly text: string;
  readonly quoted: boolean;
}

/** `{n}` or `{n:spec}`. */
export interface PlaceholderToken extends TokenBase {
  readonly type: 'placeholder';
  readonly index: number;
  readonly spec: string | undefined;
}

/**
 * `#{n}`: the n-th value is an attribute name, not a value (conditions and filters only). It is
 * checked and aliased when the request is rendered, so a name chosen at run time (a sort or filter
 * field picked by an API caller) never enters the template's text.
 */
export interface NamePlaceholderToken extends TokenBase {
  readonly type: 'namePlaceholder';
  readonly index: number;
}

/** Digits: only legal as a list index (`tags[0]`). */
export interface NumberToken extends TokenBase {
  readonly type: 'number';
  readonly text: string;
}

export interface PunctToken extends TokenBase {
  readonly type: 'punct';
  readonly text: Punct;
}

export interface EofToken extends TokenBase {
  readonly type: 'eof';
}

export type Token = NameToken | PlaceholderToken | NamePlaceholderToken | NumberToken | PunctToken | EofToken;

const IDENT_START = /[\p{ID_Start}_$]/u;
const IDENT_PART = /[\p{ID_Continue}$\u200c\u200d]/u;
const DIGIT = /[0-9]/;
const SPEC_CHAR = /[A-Za-z0-9_]/;
const WHITESPACE = /\s/u;
/** Placeholder indexes beyond this are certainly mistakes (and would overflow). */
const MAX_INDEX_DIGITS = 4;

const SINGLE_PUNCT: ReadonlySet<string> = new Set(['=', '+', '-', '(', ')', ',', '.', '[', ']']);

export function tokenize(kind: ExpressionKind, template: string): Token[] {
  const fail = (pos: number, problem: string, fix: string): never => {
    throw templateError(kind, template, pos, problem, fix);
  };
  const tokens: Token[] = [];
  const n = template.length;
  let i = 0;

  while (i < n) {
    const cp = template.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const start = i;

    if (WHITESPACE.test(ch)) {
      i += ch.length;
      continue;
    }

    if (IDENT_START.test(ch)) {
      i += ch.length;
      while (i < n) {
        const next = String.fromCodePoint(template.codePointAt(i) ?? 0);
        if (!IDENT_PART.test(next)) break;
        i += next.length;
      }
      tokens.push({ type: 'name', text: template.slice(start, i), quoted: false, pos: start, end: i });
      continue;
    }

    if (ch === '`') {
      // `any text`, with `` standing for one backtick: names that are not identifiers or are keywords.
      let text = '';
      i++;
      for (;;) {
        if (i >= n) fail(start, 'the backtick-quoted name is not closed', 'add the closing ` after the name');
        if (template[i] === '`') {
          if (template[i + 1] === '`') {
            text += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += template[i];
        i++;
      }
      if (text === '')
        fail(start, 'the backtick-quoted name is empty', 'write the attribute name between the backticks');
      tokens.push({ type: 'name', text, quoted: true, pos: start, end: i });
      continue;
    }

    if (DIGIT.test(ch)) {
      while (i < n && DIGIT.test(template[i])) i++;
      if (i < n && IDENT_PART.test(String.fromCodePoint(template.codePointAt(i) ?? 0))) {
        fail(start, 'a name cannot start with a digit', 'write the attribute name in backticks, e.g. `2fa`');
      }
      tokens.push({ type: 'number', text: template.slice(start, i), pos: start, end: i });
      continue;
    }

    if (ch === '{') {
      tokens.push(readPlaceholder(template, start, fail));
      i = tokens[tokens.length - 1].end;
      continue;
    }

    if (ch === '<' || ch === '>') {
      const two = template.slice(i, i + 2);
      const text: Punct = two === '<=' || two === '>=' || two === '<>' ? two : ch;
      i += text.length;
      tokens.push({ type: 'punct', text, pos: start, end: i });
      continue;
    }

    if (ch === '=' && template[i + 1] === '=')
      fail(start, "'==' is not a DynamoDB operator", "compare with a single '='");
    if (ch === '!' && template[i + 1] === '=')
      fail(start, "'!=' is not a DynamoDB operator", "write '<>' for 'not equal'");

    if (SINGLE_PUNCT.has(ch)) {
      i++;
      tokens.push({ type: 'punct', text: ch as Punct, pos: start, end: i });
      continue;
    }

    switch (ch) {
      case '}':
        return fail(start, "'}' has no matching '{'", 'remove it, or write a placeholder as {n} or {n:spec}');
      case "'":
      case '"':
        return fail(
          start,
          'a quoted string is a literal value, and values are not allowed in the expression text',
          'write a placeholder {n} instead and pass the string as the n-th value',
        );
      case ':':
        return fail(
          start,
          "':name' value placeholders are not used in templates",
          'write {n} and pass the value as the n-th value; the :v placeholders are generated for you',
        );
      case '#':
        if (template[i + 1] === '{') {
          tokens.push(readNamePlaceholder(kind, template, start, fail));
          i = tokens[tokens.length - 1].end;
          continue;
        }
        return fail(
          start,
          "'#name' aliases are not used in templates",
          'write the attribute name as it is (reserved words are aliased for you), or in backticks if it is not an identifier',
        );
      case '&':
      case '|':
        return fail(start, `'${ch}' is not a DynamoDB operator`, 'join conditions with AND or OR');
      default:
        return fail(
          start,
          `unexpected character ${JSON.stringify(ch)}`,
          'remove it; write attribute names that are not identifiers in backticks',
        );
    }
  }

  tokens.push({ type: 'eof', pos: n, end: n });
  return tokens;
}

function readNamePlaceholder(
  kind: ExpressionKind,
  template: string,
  start: number,
  fail: (pos: number, problem: string, fix: string) => never,
): NamePlaceholderToken {
  const value = readPlaceholder(template, start + 1, fail);
  if (value.spec !== undefined) {
    fail(start, 'a name placeholder #{n} takes no spec', `write #{${value.index}}: its value is an attribute name`);
  }
  if (kind !== 'condition') {
    fail(
      start,
      'a name placeholder #{n} is only allowed in conditions and filters',
      'name the attribute in the template (fieldsOf(Entity) gives the declared names)',
    );
  }
  return { type: 'namePlaceholder', index: value.index, pos: start, end: value.end };
}

function readPlaceholder(
  template: string,
  start: number,
  fail: (pos: number, problem: string, fix: string) => never,
): PlaceholderToken {
  const n = template.length;
  const unclosed = (): never =>
    fail(start, "'{' is not closed", 'write a placeholder as {n} or {n:spec} (n is the value index, from 0)');
  let i = start + 1;
  while (i < n && DIGIT.test(template[i])) i++;
  const digits = template.slice(start + 1, i);

  if (digits === '') {
    if (template[i] === '}')
      fail(start, 'the placeholder {} has no value index', 'write {0} for the first value, {1} for the second, ...');
    if (i >= n) unclosed();
    fail(
      i,
      `a placeholder must start with a value index, found ${JSON.stringify(template[i])}`,
      'write {n} or {n:spec}, e.g. {0} or {1:o}, without spaces',
    );
  }
  if (digits.length > 1 && digits[0] === '0') {
    fail(start + 1, `the placeholder index ${digits} has a leading zero`, `write {${Number(digits)}}`);
  }
  if (digits.length > MAX_INDEX_DIGITS) {
    fail(start + 1, `the placeholder index ${digits} is too large`, 'number the values from {0}');
  }

  let spec: string | undefined;
  if (template[i] === ':') {
    const specStart = i + 1;
    i = specStart;
    while (i < n && SPEC_CHAR.test(template[i])) i++;
    spec = template.slice(specStart, i);
    if (spec === '') {
      if (i >= n) unclosed();
      fail(
        specStart,
        'the placeholder has an empty spec',
        `write {${digits}} or give a spec: ${SPEC_NAMES.join(', ')}`,
      );
    }
    if (lookupSpec(spec) === undefined) {
      fail(
        specStart,
        `unknown value spec ${JSON.stringify(spec)}`,
        `use one of ${SPEC_NAMES.join(', ')} (e.g. {${digits}:o} for an ISO-8601 date), or no spec`,
      );
    }
  }

  if (i >= n || template.indexOf('}', i) === -1) unclosed();
  if (template[i] !== '}') {
    fail(
      i,
      `unexpected ${JSON.stringify(template[i])} in a placeholder`,
      "close it with '}' right after the index or spec, e.g. {0} or {0:o}",
    );
  }
  return { type: 'placeholder', index: Number(digits), spec, pos: start, end: i + 1 };
}
