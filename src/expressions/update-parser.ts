/**
 * Recursive descent parser of DynamoDB update expressions:
 *
 *   update    ::= [SET] set-actions ( clause )*       a template without a leading keyword is SET
 *   clause    ::= SET set-action ( ',' set-action )*
 *               | REMOVE path ( ',' path )*
 *               | ADD path {n} ( ',' path {n} )*
 *               | DELETE path {n} ( ',' path {n} )*
 *   set-action ::= path '=' set-value
 *   set-value ::= '(' set-value ')' | operand [ ( '+' | '-' ) operand ] | list_append '(' arg ',' arg ')'
 *   operand   ::= path | {n} | if_not_exists '(' path ',' arg ')'
 *   arg       ::= path | {n} | if_not_exists(...)
 *
 * Each clause may appear once (DynamoDB's rule), in any order.
 */
import type { ArithmeticNode, CallNode, Operand, SetValueNode, UpdateActionNode, UpdateClauseNode } from './ast.js';
import type { Cursor } from './cursor.js';
import type { UpdateClause } from './types.js';

export const UPDATE_KEYWORDS: ReadonlySet<string> = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);

const WHERE = 'in an update expression';

export function parseUpdate(c: Cursor): UpdateClauseNode[] {
  const clauses: UpdateClauseNode[] = [];
  const seen = new Map<UpdateClause, number>();
  let token = c.peek();
  let clause: UpdateClause;
  let pos = token.pos;
  const leading = c.keywordOf(token);
  if (leading !== undefined) {
    clause = leading as UpdateClause;
    c.next();
  } else {
    clause = 'SET';
  }

  for (;;) {
    const first = seen.get(clause);
    if (first !== undefined) {
      c.fail(
        pos,
        `the ${clause} clause appears twice (first at position ${first})`,
        `DynamoDB allows each clause once: put all ${clause} actions in one ${clause} clause, separated by ','`,
      );
    }
    seen.set(clause, pos);
    if (leading !== undefined || clauses.length > 0) {
      const after = c.peek();
      // `SET remove = {0}`: a keyword used as a name; parsePath explains the backticks.
      const next = c.peek(1);
      const keywordAsName =
        c.keywordOf(after) !== undefined && (c.isPunct(next, '=') || c.isPunct(next, '.') || c.isPunct(next, '['));
      if (after.type === 'eof' || (c.keywordOf(after) !== undefined && !keywordAsName)) {
        c.fail(
          pos,
          `the ${clause} clause has no actions`,
          `write at least one action after ${clause} (${usage(clause)}), or remove the keyword`,
        );
      }
    }
    clauses.push({ clause, pos, actions: parseActions(c, clause) });

    token = c.peek();
    if (token.type === 'eof') return clauses;
    const keyword = c.keywordOf(token);
    if (keyword === undefined) {
      if (token.type === 'name' && ['AND', 'OR'].includes(token.text.toUpperCase()) && !token.quoted) {
        c.fail(
          token.pos,
          `update actions are not joined with ${token.text}`,
          "separate actions with ',' (SET a = {0}, b = {1})",
        );
      }
      c.unexpected(
        token,
        "',' or a clause keyword (SET, REMOVE, ADD, DELETE)",
        "separate actions with ',' and start each clause with its keyword",
      );
    }
    clause = keyword as UpdateClause;
    pos = token.pos;
    c.next();
  }
}

function usage(clause: UpdateClause): string {
  switch (clause) {
    case 'SET':
      return 'SET path = {0}';
    case 'REMOVE':
      return 'REMOVE path';
    case 'ADD':
      return 'ADD path {0}';
    case 'DELETE':
      return 'DELETE path {0}';
  }
}

function parseActions(c: Cursor, clause: UpdateClause): UpdateActionNode[] {
  const actions: UpdateActionNode[] = [];
  for (;;) {
    actions.push(parseAction(c, clause));
    const token = c.peek();
    if (!c.isPunct(token, ',')) return actions;
    c.next();
    if (c.peek().type === 'eof' || c.keywordOf(c.peek()) !== undefined) {
      c.fail(
        token.pos,
        `a ',' in the ${clause} clause is not followed by an action`,
        `remove the ',' or write another action (${usage(clause)})`,
      );
    }
  }
}

function parseAction(c: Cursor, clause: UpdateClause): UpdateActionNode {
  switch (clause) {
    case 'SET': {
      const target = c.parsePath('the path to set');
      c.expectPunct('=', `'=' after the path of a SET action`, 'write SET path = {0}');
      return { clause, target, value: parseSetValue(c) };
    }
    case 'REMOVE':
      return { clause, target: c.parsePath('a path to remove') };
    case 'ADD':
    case 'DELETE': {
      const target = c.parsePath(`a path to ${clause === 'ADD' ? 'add to' : 'delete from'}`);
      const value = c.peek();
      if (value.type !== 'placeholder') {
        c.unexpected(
          value,
          `a value {n} after the path of ${clause}`,
          `write ${usage(clause)}: ${clause} takes a value, not a path or function`,
        );
      }
      return { clause, target, value: c.parseValue('a value {n}') };
    }
  }
}

function parseSetValue(c: Cursor): SetValueNode {
  const open = c.peek();
  if (c.isPunct(open, '(')) {
    // Parentheses around the whole value are dropped when rendering, so DynamoDB never sees them as redundant.
    c.next();
    const inner = parseSetValue(c);
    const close = c.peek();
    if (!c.isPunct(close, ')')) {
      if (close.type === 'eof') c.fail(open.pos, "'(' is not closed", "add the matching ')'");
      c.unexpected(close, "')'", `close the '(' at position ${open.pos}`);
    }
    c.next();
    return inner;
  }
  const left = parseUpdateOperand(c, 'a value {n}, a path or a function after =');
  const token = c.peek();
  if (!(c.isPunct(token, '+') || c.isPunct(token, '-'))) return left;
  c.next();
  const right = parseUpdateOperand(c, `an operand after '${token.type === 'punct' ? token.text : ''}'`);
  for (const operand of [left, right]) {
    if (operand.type === 'call' && operand.name === 'list_append') {
      c.fail(
        operand.pos,
        'list_append() cannot be used with + or -',
        'assign its result directly: SET path = list_append(path, {0})',
      );
    }
  }
  const more = c.peek();
  if (c.isPunct(more, '+') || c.isPunct(more, '-')) {
    c.fail(
      more.pos,
      'a SET value can have only one + or -',
      'DynamoDB allows path = a + b: combine the other terms into one value',
    );
  }
  const node: ArithmeticNode = {
    type: 'arithmetic',
    op: token.type === 'punct' && token.text === '-' ? '-' : '+',
    left,
    right,
    pos: token.pos,
  };
  return node;
}

/** path | {n} | if_not_exists(...) | list_append(...) (list_append only at the top of a value; checked by callers). */
function parseUpdateOperand(c: Cursor, expected: string): Operand {
  const token = c.peek();
  if (token.type === 'placeholder') return c.parseValue(expected);
  if (c.atCall()) return parseUpdateCall(c);
  if (token.type === 'name') return c.parsePath(expected);
  return c.unexpected(token, expected);
}

function parseUpdateCall(c: Cursor): CallNode {
  return c.parseCall(['update'], WHERE, () => {
    const token = c.peek();
    const arg = parseUpdateOperand(c, 'a function argument');
    if (arg.type === 'call' && arg.name === 'list_append') {
      c.fail(
        token.pos,
        'list_append() cannot be nested in another function',
        'assign it directly: SET path = list_append(if_not_exists(path, {0}), {1})',
      );
    }
    return arg;
  });
}
