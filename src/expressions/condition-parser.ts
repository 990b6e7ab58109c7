/**
 * Recursive descent parser of DynamoDB condition expressions (conditions,
 * filters, and key conditions, whose stricter shape is checked afterwards):
 *
 *   condition  ::= and ( OR and )*
 *   and        ::= not ( AND not )*
 *   not        ::= NOT not | primary
 *   primary    ::= '(' condition ')'
 *                | function '(' args ')'                     attribute_exists, ..., contains
 *                | operand comparator operand                = <> < <= > >=
 *                | operand BETWEEN operand AND operand
 *                | operand IN '(' operand ( ',' operand )* ')'
 *   operand    ::= path | {n} | size '(' path ')'
 *
 * Precedence, as in DynamoDB: comparisons, IN and BETWEEN bind tighter than
 * NOT, NOT tighter than AND, AND tighter than OR.
 */
import { MAX_IN_OPERANDS } from '../mapping/dynamodb-limits.js';
import type { Comparator, ConditionNode, LogicalNode, Operand } from './ast.js';
import { samePath } from './overlap.js';
import type { TokenStream } from './token-stream.js';

const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);

const WHERE = 'in a condition';

export function parseCondition(stream: TokenStream): ConditionNode {
  const node = parseOr(stream);
  const token = stream.peek();
  if (token.type !== 'eof') {
    if (stream.isPunct(token, ')'))
      stream.fail(token.pos, "')' has no matching '('", "remove it, or add the matching '(' before it");
    stream.fail(
      token.pos,
      `unexpected ${stream.describe(token)} after a complete condition`,
      'join conditions with AND or OR, and write values as placeholders {n}',
    );
  }
  return node;
}

function parseOr(stream: TokenStream): ConditionNode {
  return parseLogical(stream, 'OR', parseAnd);
}

function parseAnd(stream: TokenStream): ConditionNode {
  return parseLogical(stream, 'AND', parseNot);
}

function parseLogical(
  stream: TokenStream,
  keyword: 'AND' | 'OR',
  parseItem: (stream: TokenStream) => ConditionNode,
): ConditionNode {
  const type = keyword === 'AND' ? 'and' : 'or';
  const items: ConditionNode[] = [];
  const opPositions: number[] = [];
  const add = (item: ConditionNode): void => {
    // (a AND b) AND c is a AND b AND c: flattening keeps the rendered text free of parentheses DynamoDB calls redundant.
    if (item.type === type) {
      items.push(...item.items);
      opPositions.push(...item.opPositions);
    } else {
      items.push(item);
    }
  };
  add(parseItem(stream));
  while (stream.isKeyword(stream.peek(), keyword)) {
    const op = stream.next();
    if (stream.peek().type === 'eof')
      stream.fail(op.pos, `the template ends after ${keyword}`, `write a condition after ${keyword}, or remove it`);
    opPositions.push(op.pos);
    add(parseItem(stream));
  }
  if (items.length === 1) return items[0];
  const node: LogicalNode = { type, items, opPositions };
  return node;
}

function parseNot(stream: TokenStream): ConditionNode {
  const token = stream.peek();
  if (stream.isKeyword(token, 'NOT')) {
    stream.next();
    if (stream.peek().type === 'eof')
      stream.fail(token.pos, 'the template ends after NOT', 'write a condition after NOT, or remove it');
    return { type: 'not', item: parseNot(stream), pos: token.pos };
  }
  return parsePrimary(stream);
}

function parsePrimary(stream: TokenStream): ConditionNode {
  const token = stream.peek();
  if (stream.isPunct(token, '(')) {
    stream.next();
    const inner = parseOr(stream);
    const close = stream.peek();
    if (!stream.isPunct(close, ')')) {
      if (close.type === 'eof') stream.fail(token.pos, "'(' is not closed", "add the matching ')'");
      stream.unexpected(close, `AND, OR or ')'`, `close the '(' at position ${token.pos} with ')'`);
    }
    stream.next();
    return inner;
  }

  if (stream.atCall() && token.type === 'name') {
    const call = stream.parseCall(['condition', 'operand'], WHERE, () => parseOperand(stream, 'a function argument'));
    if (call.name === 'contains' || call.name === 'begins_with')
      checkDistinct(stream, `${call.name}()`, call.args[0], call.args.slice(1));
    if (call.name !== 'size') {
      const after = stream.peek();
      if (after.type === 'punct' && COMPARATORS.has(after.text)) {
        stream.fail(
          after.pos,
          `${call.name}() is a condition by itself and cannot be compared`,
          `use it alone (e.g. ${call.name}(...) AND ...), or compare size(path) instead`,
        );
      }
      if (stream.isKeyword(after, 'BETWEEN') || stream.isKeyword(after, 'IN')) {
        stream.fail(
          after.pos,
          `${call.name}() is a condition by itself and cannot be used with ${stream.keywordOf(after)}`,
          'use it alone, joined to other conditions with AND or OR',
        );
      }
      return call;
    }
    return parseComparisonAfter(stream, call, token.pos);
  }

  const left = parseOperand(stream, 'a condition');
  return parseComparisonAfter(stream, left, token.pos);
}

/** The rest of `operand comparator operand`, `operand BETWEEN ...` or `operand IN (...)`, `left` already parsed. */
function parseComparisonAfter(stream: TokenStream, left: Operand, leftPos: number): ConditionNode {
  const token = stream.peek();
  if (token.type === 'punct' && COMPARATORS.has(token.text)) {
    stream.next();
    const right = parseOperand(stream, `a value {n} or a path after '${token.text}'`);
    checkDistinct(stream, token.text, left, [right]);
    return { type: 'compare', op: token.text as Comparator, left, right, pos: token.pos };
  }
  if (stream.isKeyword(token, 'BETWEEN')) {
    stream.next();
    const low = parseOperand(stream, 'the lower bound after BETWEEN');
    const and = stream.peek();
    if (!stream.isKeyword(and, 'AND'))
      stream.unexpected(and, 'AND between the bounds of BETWEEN', 'write path BETWEEN {0} AND {1}');
    stream.next();
    const high = parseOperand(stream, 'the upper bound after BETWEEN ... AND');
    checkDistinct(stream, 'BETWEEN', left, [low, high]);
    return { type: 'between', subject: left, low, high, pos: token.pos };
  }
  if (stream.isKeyword(token, 'IN')) {
    stream.next();
    const open = stream.expectPunct('(', "'(' after IN", 'write path IN ({0}, {1})');
    const list: Operand[] = [];
    for (;;) {
      list.push(parseOperand(stream, 'a value {n} in the IN list'));
      const sep = stream.peek();
      if (stream.isPunct(sep, ',')) {
        stream.next();
        continue;
      }
      if (stream.isPunct(sep, ')')) break;
      if (sep.type === 'eof')
        stream.fail(open.pos, "the '(' of IN is not closed", "close the list with ')': path IN ({0}, {1})");
      stream.unexpected(sep, "',' or ')' in the IN list", 'write path IN ({0}, {1})');
    }
    stream.next();
    if (list.length > MAX_IN_OPERANDS) {
      stream.fail(
        token.pos,
        `IN has ${list.length} operands; DynamoDB allows at most ${MAX_IN_OPERANDS}`,
        'split the list into several IN conditions joined with OR',
      );
    }
    checkDistinct(stream, 'IN', left, list);
    return { type: 'in', subject: left, list, pos: token.pos };
  }
  if (left.type === 'call') {
    stream.fail(left.pos, 'size() is an operand, not a condition', 'compare it, e.g. size(tags) > {0}');
  }
  const subject = stream.template.slice(leftPos, left.end);
  stream.unexpected(
    token,
    `a comparison (=, <>, <, <=, >, >=, BETWEEN or IN) after '${subject}'`,
    left.type === 'path'
      ? `write e.g. ${subject} = {0}, or attribute_exists(${subject}) to test that it exists`
      : `compare it with something, e.g. ${subject} = path`,
  );
}

/**
 * DynamoDB rejects `a = a`, `a BETWEEN a AND {0}`, `a IN ({0}, a)`,
 * `contains(a, a)`: "The first operand must be distinct from the remaining
 * operands". Such a condition is constant anyway, so it is a mistake.
 */
function checkDistinct(stream: TokenStream, operator: string, first: Operand, rest: readonly Operand[]): void {
  if (first.type !== 'path') return;
  for (const other of rest) {
    if (other.type === 'path' && samePath(first, other)) {
      const text = stream.template.slice(first.pos, first.end);
      stream.fail(
        other.pos,
        `the path ${text} is compared with itself (${operator})`,
        'DynamoDB requires the first operand to differ from the others: compare it with a value {n} or another path',
      );
    }
  }
}

/** path | {n} | size(path). */
export function parseOperand(stream: TokenStream, expected: string): Operand {
  const token = stream.peek();
  if (token.type === 'placeholder') return stream.parseValue(expected);
  if (stream.atCall())
    return stream.parseCall(['operand'], 'as a value in a condition', () =>
      parseOperand(stream, 'a function argument'),
    );
  if (token.type === 'name' || token.type === 'namePlaceholder') return stream.parsePath(expected);
  return stream.unexpected(token, expected);
}
