/**
 * Type-level tokenizer of expression templates: splits a string literal type
 * into a tuple of token strings, the same way the run-time tokenizer
 * (../tokenizer.ts) splits the template, so the type-level grammar sees what
 * the run-time parser sees.
 *
 * Tokens are plain strings, told apart by their first character, because
 * strings are the cheapest types for the checker to build and compare:
 * - punctuation: `(` `)` `,` `.` `[` `]` `=` `+` `-` `<` `<=` `<>` `>` `>=`;
 * - `{0}`, `{1:o}`: value placeholders (the text between the braces is checked in placeholders.ts);
 * - `#{0}`: name placeholders;
 * - `` `user-id ``: a backtick-quoted name (one leading backtick, the name after it);
 * - anything else: a word (a name, keyword, function name or list index).
 *
 * Anything the run-time tokenizer refuses (quotes, `:name`, `#name`, `==`,
 * `!=`, an unclosed `{` or backtick, ``` `` ``` escapes) ends tokenizing with
 * `Unparsed`: the template is then accepted as it is and the run time reports
 * the mistake with its position. The recursion is tail recursive (every
 * branch ends in another instantiation), so long templates do not hit the
 * checker's depth limit.
 */

/** The result of any type-level step that cannot follow the template: accept it and let the run time check it. */
export interface Unparsed {
  readonly unparsed: true;
}

type Space = ' ' | '\n' | '\t' | '\r';
type Single = '(' | ')' | ',' | '.' | '[' | ']' | '+' | '-';
/** Characters that end a word. The rest (letters, digits, `_`, `$`, non-ASCII letters) make up words. */
type Special = Space | Single | '=' | '<' | '>' | '{' | '}' | '#' | '`' | "'" | '"' | ':' | '!' | '&' | '|';

type Flush<Acc extends string[], W extends string> = W extends '' ? Acc : [...Acc, W];

export type Tokenize<
  S extends string,
  Acc extends string[] = [],
  W extends string = '',
> = S extends `${infer C}${infer R}`
  ? C extends Special
    ? SpecialToken<C, R, Flush<Acc, W>>
    : Tokenize<R, Acc, `${W}${C}`>
  : Flush<Acc, W>;

type SpecialToken<C extends string, R extends string, Acc extends string[]> = C extends Space
  ? Tokenize<R, Acc>
  : C extends Single
    ? Tokenize<R, [...Acc, C]>
    : C extends '='
      ? R extends `=${string}`
        ? Unparsed
        : Tokenize<R, [...Acc, '=']>
      : C extends '<' | '>'
        ? R extends `=${infer Rest}`
          ? Tokenize<Rest, [...Acc, `${C}=`]>
          : C extends '<'
            ? R extends `>${infer Rest}`
              ? Tokenize<Rest, [...Acc, '<>']>
              : Tokenize<R, [...Acc, C]>
            : Tokenize<R, [...Acc, C]>
        : C extends '{'
          ? R extends `${infer P}}${infer Rest}`
            ? Tokenize<Rest, [...Acc, `{${P}}`]>
            : Unparsed
          : C extends '#'
            ? R extends `{${infer P}}${infer Rest}`
              ? Tokenize<Rest, [...Acc, `#{${P}}`]>
              : Unparsed
            : C extends '`'
              ? R extends `${infer Name}\`${infer Rest}`
                ? Name extends ''
                  ? Unparsed
                  : Rest extends `\`${string}`
                    ? Unparsed
                    : Tokenize<Rest, [...Acc, `\`${Name}`]>
                : Unparsed
              : Unparsed;
