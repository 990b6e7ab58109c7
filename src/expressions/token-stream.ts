/**
 * A stream of a template's tokens (read with peek and next), with what every grammar shares:
 * keywords, document paths, placeholders, function calls, and errors that
 * point at the offending token.
 */
import type { CallNode, Operand, PathElement, PathNode, ValueNode } from './ast.js';
import { templateError } from './fail.js';
import {
  argumentFits,
  describeOperand,
  describeRule,
  type FunctionRole,
  functionNamedLike,
  functionNames,
  lookupFunction,
} from './functions.js';
import type { NameToken, Punct, Token } from './tokenizer.js';
import type { ExpressionKind } from './types.js';

export class TokenStream {
  private i = 0;

  constructor(
    readonly kind: ExpressionKind,
    readonly template: string,
    private readonly tokens: readonly Token[],
    /** Upper-case keywords of this grammar; unquoted names spelled like one (any case) are keywords. */
    private readonly keywords: ReadonlySet<string>,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }

  fail(pos: number, problem: string, fix: string): never {
    throw templateError(this.kind, this.template, pos, problem, fix);
  }

  /** The keyword a token is (upper case), if it is one. */
  keywordOf(token: Token): string | undefined {
    if (token.type !== 'name' || token.quoted) return undefined;
    const upper = token.text.toUpperCase();
    return this.keywords.has(upper) ? upper : undefined;
  }

  isKeyword(token: Token, keyword: string): boolean {
    return this.keywordOf(token) === keyword;
  }

  isPunct(token: Token, text: Punct): boolean {
    return token.type === 'punct' && token.text === text;
  }

  /** An unquoted name right before '(': a function call (or a mistake that looks like one). */
  atCall(): boolean {
    const token = this.peek();
    return (
      token.type === 'name' && !token.quoted && this.keywordOf(token) === undefined && this.isPunct(this.peek(1), '(')
    );
  }

  /** How a token reads in a message: `'AND'`, `'{0}'`, `the end of the template`. */
  describe(token: Token): string {
    if (token.type === 'eof') return 'the end of the template';
    const text = this.template.slice(token.pos, token.end);
    return this.keywordOf(token) !== undefined ? `the keyword ${text}` : `'${text}'`;
  }

  /** Fails on `token` where `expected` was expected, with the most useful advice for what was found. */
  unexpected(token: Token, expected: string, fix = `write ${expected} here`): never {
    if (token.type === 'number') {
      this.fail(
        token.pos,
        `found the literal number ${token.text} where ${expected} was expected; literal values are not allowed in the expression text`,
        'write a placeholder {n} and pass the number as the n-th value (digits are only allowed as list indexes, as in tags[0])',
      );
    }
    if (token.type === 'eof') this.fail(token.pos, `the template ends where ${expected} was expected`, fix);
    const keyword = this.keywordOf(token);
    if (keyword !== undefined && /path|name|operand|value/.test(expected)) {
      this.fail(
        token.pos,
        `expected ${expected}, found the keyword ${this.template.slice(token.pos, token.end)}`,
        `if it is an attribute name, write it in backticks: \`${token.type === 'name' ? token.text : keyword}\``,
      );
    }
    this.fail(token.pos, `expected ${expected}, found ${this.describe(token)}`, fix);
  }

  expectPunct(text: Punct, expected: string, fix?: string): Token {
    const token = this.peek();
    if (!this.isPunct(token, text)) this.unexpected(token, expected, fix);
    return this.next();
  }

  /** `a`, `a.b`, `a[0].b`, `` `user-id`.x ``. */
  parsePath(expected: string): PathNode {
    const first = this.peek();
    if (first.type !== 'namePlaceholder' && (first.type !== 'name' || this.keywordOf(first) !== undefined)) {
      this.unexpected(first, expected);
    }
    this.next();
    const elements: PathElement[] = [
      first.type === 'name' ? { name: first.text } : { nameValue: first.index, pos: first.pos },
    ];
    let end = first.end;
    for (;;) {
      const token = this.peek();
      if (this.isPunct(token, '.')) {
        this.next();
        const name = this.peek();
        // After a dot any name is a segment, keywords included: `a.and` is unambiguous.
        if (name.type !== 'name') {
          this.unexpected(name, "an attribute name after '.'", 'write the map key after the dot, e.g. address.city');
        }
        this.next();
        elements.push({ name: name.text });
        end = name.end;
      } else if (this.isPunct(token, '[')) {
        this.next();
        const index = this.peek();
        if (index.type !== 'number') {
          this.fail(
            index.pos,
            `expected a list index after '[', found ${this.describe(index)}`,
            'list indexes are literal non-negative integers, as in tags[0]; a value placeholder cannot be used there',
          );
        }
        if (index.text.length > 1 && index.text[0] === '0') {
          this.fail(index.pos, `the list index ${index.text} has a leading zero`, `write [${Number(index.text)}]`);
        }
        this.next();
        const close = this.peek();
        if (!this.isPunct(close, ']'))
          this.fail(token.pos, "'[' is not closed", 'write the list index as [n], e.g. tags[0]');
        this.next();
        elements.push({ index: Number(index.text) });
        end = close.end;
      } else {
        return { type: 'path', elements, pos: first.pos, end };
      }
    }
  }

  /** A placeholder token, consumed. */
  parseValue(expected: string): ValueNode {
    const token = this.peek();
    if (token.type !== 'placeholder') this.unexpected(token, expected);
    this.next();
    return { type: 'value', index: token.index, spec: token.spec, pos: token.pos, end: token.end };
  }

  /**
   * A call of a known function allowed in `roles` (the stream is at its
   * name, before '('), arguments parsed by `parseArgument` and checked
   * against the function's signature. `context` names where the call is,
   * for the message when the function is not allowed there.
   */
  parseCall(roles: readonly FunctionRole[], context: string, parseArgument: () => Operand): CallNode {
    const nameToken = this.peek() as NameToken;
    const spec = lookupFunction(nameToken.text);
    if (spec === undefined) this.unknownFunction(nameToken, roles);
    if (!roles.includes(spec.role)) this.misplacedFunction(nameToken, spec.role, context);
    this.next();
    const open = this.next();
    const args: Operand[] = [];
    if (!this.isPunct(this.peek(), ')')) {
      for (;;) {
        args.push(parseArgument());
        const token = this.peek();
        if (this.isPunct(token, ',')) {
          this.next();
          continue;
        }
        if (this.isPunct(token, ')')) break;
        if (token.type === 'eof')
          this.fail(open.pos, `the '(' of ${spec.name}() is not closed`, `add the ')': ${spec.usage}`);
        this.unexpected(token, `',' or ')' in the arguments of ${spec.name}()`, `write ${spec.usage}`);
      }
    }
    const close = this.next();
    if (args.length !== spec.args.length) {
      this.fail(
        nameToken.pos,
        `${spec.name}() takes ${spec.args.length} argument${spec.args.length === 1 ? '' : 's'}, got ${args.length}`,
        `write ${spec.usage}`,
      );
    }
    spec.args.forEach((rule, k) => {
      const arg = args[k];
      if (!argumentFits(rule, arg)) {
        this.fail(
          arg.pos,
          `argument ${k + 1} of ${spec.name}() must be ${describeRule(rule)}, not ${describeOperand(arg)}`,
          `write ${spec.usage}`,
        );
      }
    });
    return { type: 'call', name: spec.name, args, pos: nameToken.pos, end: close.end };
  }

  unknownFunction(token: NameToken, roles: readonly FunctionRole[]): never {
    const like = functionNamedLike(token.text);
    const known = functionNames(roles);
    const fix =
      like !== undefined
        ? `function names are case-sensitive: write ${like}(...)`
        : known.length > 0
          ? `use one of ${known.join(', ')}; an attribute name cannot be followed by '('`
          : "no function can be used here; an attribute name cannot be followed by '('";
    this.fail(token.pos, `unknown function ${token.text}()`, fix);
  }

  misplacedFunction(token: NameToken, role: FunctionRole, context: string): never {
    const spec = lookupFunction(token.text);
    const usage = spec ? spec.usage : `${token.text}(...)`;
    const where =
      role === 'update'
        ? 'it can only be used in the value of a SET action of an update expression'
        : role === 'operand'
          ? 'it is an operand of a condition (compare it: size(path) > {n})'
          : 'it is a condition by itself, usable in conditions and filters (not as a value)';
    this.fail(token.pos, `${token.text}() cannot be used ${context}`, `${where}: ${usage}`);
  }
}
