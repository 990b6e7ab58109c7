/**
 * Type-level tokenizer of expression templates. It reads one token at a time
 * from the front of a string literal type (`Next<S>` is `[token, rest]`), the
 * same way the run-time tokenizer (../tokenizer.ts) splits the template, so
 * the type-level grammar sees what the run-time parser sees.
 *
 * Reading lazily from the string, rather than splitting the template into a
 * tuple first, is what keeps the checks cheap: a tuple would be copied at
 * every step, and the checker caches `Next<rest>`, so looking ahead costs
 * nothing the second time. A word is taken whole up to the next space with
 * one template-literal match; only a chunk that has punctuation in it
 * (`size(tags)`, `name,`) is read character by character.
 *
 * Tokens are plain strings, told apart by their first character:
 * - punctuation: `(` `)` `,` `.` `[` `]` `=` `+` `-` `<` `<=` `<>` `>` `>=`;
 * - `{0}`, `{1:o}`: value placeholders (their inside is checked in placeholders.ts);
 * - `#{0}`: name placeholders;
 * - `` `user-id ``: a backtick-quoted name (one leading backtick, the name after it);
 * - anything else: a word (a name, keyword, function name or list index).
 *
 * Anything the run-time tokenizer refuses (quotes, `:name`, `#name`, `==`,
 * `!=`, an unclosed `{` or backtick, ``` `` ``` escapes) gives `Unparsed`:
 * the template is then accepted as it is, and the run time reports the
 * mistake with its position.
 */

/**
 * The result of any type-level step that cannot follow the template: accept it and let the run time check it.
 * A string literal rather than an object type, so that telling it from a tuple or an operand is a primitive
 * check (relating a tuple to an object type makes the checker build all of the tuple's array members).
 */
export type Unparsed = '⋯ left to the run-time parser';

type Space = ' ' | '\n' | '\t' | '\r';
type Single = '(' | ')' | ',' | '.' | '[' | ']' | '+' | '-';
/** Characters that end a word. The rest (letters, digits, `_`, `$`, non-ASCII letters) make up words. */
export type Special = Space | Single | '=' | '<' | '>' | '{' | '}' | '#' | '`' | "'" | '"' | ':' | '!' | '&' | '|';

/**
 * `[token, rest]`, `[]` at the end of the template, or Unparsed.
 *
 * The template is cut at the next space with one template-literal match,
 * and the chunk before it is taken apart by Split, which depends on the
 * chunk only. The checker caches alias instantiations by their arguments,
 * so a chunk seen before (`AND`, `=`, `{0}`, `name`, `begins_with(name,`),
 * in this template or any other, costs nothing the second time; only the
 * cut itself is paid per position.
 */
export type Next<S extends string> = S extends `${infer W} ${infer Rest}`
  ? W extends ''
    ? Next<Rest>
    : W extends `\`${string}`
      ? Quoted<S extends `\`${infer R}` ? R : never>
      : Join<Split<W>, Rest>
  : S extends ''
    ? []
    : S extends `\`${infer R}`
      ? Quoted<R>
      : Join<Split<S>, ''>;

/**
 * The next token of `S` ('' at the end of the template, Unparsed where the
 * tokenizer stops), and the template after it. Asking whether the next token
 * is `(` is then a check between two strings: a pattern such as
 * `Next<S> extends ['(', infer R]` that fails makes the checker relate two
 * different tuples, which builds the array members of the pattern's tuple
 * (a new one for every rest of the template) before it can say no.
 * The patterns below match Next's result exactly, which costs nothing.
 */
export type Head<S extends string> =
  Next<S> extends [infer H extends string, infer _ extends string] ? H : Next<S> extends [] ? '' : Unparsed;

export type Tail<S extends string> = Next<S> extends [infer _ extends string, infer R extends string] ? R : '';

/** The token and the rest of its chunk, joined back to the rest of the template. */
type Join<Token, Rest extends string> = Token extends [infer T extends string, infer More extends string]
  ? More extends ''
    ? [T, Rest]
    : [T, `${More} ${Rest}`]
  : Token;

/** Chunks that are whole tokens. */
type Operator = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '(' | ')' | ',';

/** The first token of a chunk (no spaces in it) and the rest of the chunk. */
type Split<W extends string> = W extends Operator
  ? [W, '']
  : W extends `${string}${Special}${string}`
    ? W extends `${infer C}${infer R}`
      ? C extends Special
        ? Punctuation<C, R>
        : WordChars<W, ''>
      : never
    : [W, ''];

type Punctuation<C extends string, R extends string> = C extends Single
  ? [C, R]
  : C extends '='
    ? R extends `=${string}`
      ? Unparsed
      : ['=', R]
    : C extends '<'
      ? R extends `=${infer Rest}`
        ? ['<=', Rest]
        : R extends `>${infer Rest}`
          ? ['<>', Rest]
          : ['<', R]
      : C extends '>'
        ? R extends `=${infer Rest}`
          ? ['>=', Rest]
          : ['>', R]
        : C extends '{'
          ? R extends `${infer P}}${infer Rest}`
            ? [`{${P}}`, Rest]
            : Unparsed
          : C extends '#'
            ? R extends `{${infer P}}${infer Rest}`
              ? [`#{${P}}`, Rest]
              : Unparsed
            : C extends '`'
              ? Quoted<R>
              : Unparsed;

/** After an opening backtick: the name up to the closing one (``` `` ``` escapes are left to the run time). */
type Quoted<R extends string> = R extends `${infer Name}\`${infer Rest}`
  ? Name extends ''
    ? Unparsed
    : Rest extends `\`${string}`
      ? Unparsed
      : [`\`${Name}`, Rest]
  : Unparsed;

type WordChars<S extends string, W extends string> = S extends `${infer C}${infer R}`
  ? C extends Special
    ? [W, S]
    : WordChars<R, `${W}${C}`>
  : [W, ''];
