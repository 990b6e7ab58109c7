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
import type { Cursor } from './cursor.js';
import { samePath } from './overlap.js';

export const CONDITION_KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);

const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);

const WHERE = 'in a condition';

export function parseCondition(c: Cursor): ConditionNode {
  const node = parseOr(c);
  const token = c.peek();
  if (token.type !== 'eof') {
    if (c.isPunct(token, ')'))
      c.fail(token.pos, "')' has no matching '('", "remove it, or add the matching '(' before it");
    c.fail(
      token.pos,
      `unexpected ${c.describe(token)} after a complete condition`,
      'join conditions with AND or OR, and write values as placeholders {n}',
    );
  }
  return node;
}

function parseOr(c: Cursor): ConditionNode {
  return parseLogical(c, 'OR', parseAnd);
}

function parseAnd(c: Cursor): ConditionNode {
  return parseLogical(c, 'AND', parseNot);
}

function parseLogical(c: Cursor, keyword: 'AND' | 'OR', parseItem: (c: Cursor) => ConditionNode): ConditionNode {
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
  add(parseItem(c));
  while (c.isKeyword(c.peek(), keyword)) {
    const op = c.next();
    if (c.peek().type === 'eof')
      c.fail(op.pos, `the template ends after ${keyword}`, `write a condition after ${keyword}, or remove it`);
    opPositions.push(op.pos);
    add(parseItem(c));
  }
  if (items.length === 1) return items[0];
  const node: LogicalNode = { type, items, opPositions };
  return node;
}

function parseNot(c: Cursor): ConditionNode {
  const token = c.peek();
  if (c.isKeyword(token, 'NOT')) {
    c.next();
    if (c.peek().type === 'eof')
      c.fail(token.pos, 'the template ends after NOT', 'write a condition after NOT, or remove it');
    return { type: 'not', item: parseNot(c), pos: token.pos };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): ConditionNode {
  const token = c.peek();
  if (c.isPunct(token, '(')) {
    c.next();
    const inner = parseOr(c);
    const close = c.peek();
    if (!c.isPunct(close, ')')) {
      if (close.type === 'eof') c.fail(token.pos, "'(' is not closed", "add the matching ')'");
      c.unexpected(close, `AND, OR or ')'`, `close the '(' at position ${token.pos} with ')'`);
    }
    c.next();
    return inner;
  }

  if (c.atCall() && token.type === 'name') {
    const call = c.parseCall(['condition', 'operand'], WHERE, () => parseOperand(c, 'a function argument'));
    if (call.name === 'contains' || call.name === 'begins_with')
      checkDistinct(c, `${call.name}()`, call.args[0], call.args.slice(1));
    if (call.name !== 'size') {
      const after = c.peek();
      if (after.type === 'punct' && COMPARATORS.has(after.text)) {
        c.fail(
          after.pos,
          `${call.name}() is a condition by itself and cannot be compared`,
          `use it alone (e.g. ${call.name}(...) AND ...), or compare size(path) instead`,
        );
      }
      if (c.isKeyword(after, 'BETWEEN') || c.isKeyword(after, 'IN')) {
        c.fail(
          after.pos,
          `${call.name}() is a condition by itself and cannot be used with ${c.keywordOf(after)}`,
          'use it alone, joined to other conditions with AND or OR',
        );
      }
      return call;
    }
    return parseComparisonAfter(c, call, token.pos);
  }

  const left = parseOperand(c, 'a condition');
  return parseComparisonAfter(c, left, token.pos);
}

/** The rest of `operand comparator operand`, `operand BETWEEN ...` or `operand IN (...)`, `left` already parsed. */
function parseComparisonAfter(c: Cursor, left: Operand, leftPos: number): ConditionNode {
  const token = c.peek();
  if (token.type === 'punct' && COMPARATORS.has(token.text)) {
    c.next();
    const right = parseOperand(c, `a value {n} or a path after '${token.text}'`);
    checkDistinct(c, token.text, left, [right]);
    return { type: 'compare', op: token.text as Comparator, left, right, pos: token.pos };
  }
  if (c.isKeyword(token, 'BETWEEN')) {
    c.next();
    const low = parseOperand(c, 'the lower bound after BETWEEN');
    const and = c.peek();
    if (!c.isKeyword(and, 'AND'))
      c.unexpected(and, 'AND between the bounds of BETWEEN', 'write path BETWEEN {0} AND {1}');
    c.next();
    const high = parseOperand(c, 'the upper bound after BETWEEN ... AND');
    checkDistinct(c, 'BETWEEN', left, [low, high]);
    return { type: 'between', subject: left, low, high, pos: token.pos };
  }
  if (c.isKeyword(token, 'IN')) {
    c.next();
    const open = c.expectPunct('(', "'(' after IN", 'write path IN ({0}, {1})');
    const list: Operand[] = [];
    for (;;) {
      list.push(parseOperand(c, 'a value {n} in the IN list'));
      const sep = c.peek();
      if (c.isPunct(sep, ',')) {
        c.next();
        continue;
      }
      if (c.isPunct(sep, ')')) break;
      if (sep.type === 'eof')
        c.fail(open.pos, "the '(' of IN is not closed", "close the list with ')': path IN ({0}, {1})");
      c.unexpected(sep, "',' or ')' in the IN list", 'write path IN ({0}, {1})');
    }
    c.next();
    if (list.length > MAX_IN_OPERANDS) {
      c.fail(
        token.pos,
        `IN has ${list.length} operands; DynamoDB allows at most ${MAX_IN_OPERANDS}`,
        'split the list into several IN conditions joined with OR',
      );
    }
    checkDistinct(c, 'IN', left, list);
    return { type: 'in', subject: left, list, pos: token.pos };
  }
  if (left.type === 'call') {
    c.fail(left.pos, 'size() is an operand, not a condition', 'compare it, e.g. size(tags) > {0}');
  }
  const subject = c.template.slice(leftPos, left.end);
  c.unexpected(
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
function checkDistinct(c: Cursor, operator: string, first: Operand, rest: readonly Operand[]): void {
  if (first.type !== 'path') return;
  for (const other of rest) {
    if (other.type === 'path' && samePath(first, other)) {
      const text = c.template.slice(first.pos, first.end);
      c.fail(
        other.pos,
        `the path ${text} is compared with itself (${operator})`,
        'DynamoDB requires the first operand to differ from the others: compare it with a value {n} or another path',
      );
    }
  }
}

/** path | {n} | size(path). */
export function parseOperand(c: Cursor, expected: string): Operand {
  const token = c.peek();
  if (token.type === 'placeholder') return c.parseValue(expected);
  if (c.atCall())
    return c.parseCall(['operand'], 'as a value in a condition', () => parseOperand(c, 'a function argument'));
  if (token.type === 'name' || token.type === 'namePlaceholder') return c.parsePath(expected);
  return c.unexpected(token, expected);
}
