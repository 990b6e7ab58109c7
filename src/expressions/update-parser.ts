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
import type { TokenStream } from './token-stream.js';
import type { UpdateClause } from './types.js';

const WHERE = 'in an update expression';

export function parseUpdate(stream: TokenStream): UpdateClauseNode[] {
  const clauses: UpdateClauseNode[] = [];
  const seen = new Map<UpdateClause, number>();
  let token = stream.peek();
  let clause: UpdateClause;
  let pos = token.pos;
  const leading = stream.keywordOf(token);
  if (leading !== undefined) {
    clause = leading as UpdateClause;
    stream.next();
  } else {
    clause = 'SET';
  }

  for (;;) {
    const first = seen.get(clause);
    if (first !== undefined) {
      stream.fail(
        pos,
        `the ${clause} clause appears twice (first at position ${first})`,
        `DynamoDB allows each clause once: put all ${clause} actions in one ${clause} clause, separated by ','`,
      );
    }
    seen.set(clause, pos);
    if (leading !== undefined || clauses.length > 0) {
      const after = stream.peek();
      // `SET remove = {0}`: a keyword used as a name; parsePath explains the backticks.
      const next = stream.peek(1);
      const keywordAsName =
        stream.keywordOf(after) !== undefined &&
        (stream.isPunct(next, '=') || stream.isPunct(next, '.') || stream.isPunct(next, '['));
      if (after.type === 'eof' || (stream.keywordOf(after) !== undefined && !keywordAsName)) {
        stream.fail(
          pos,
          `the ${clause} clause has no actions`,
          `write at least one action after ${clause} (${usage(clause)}), or remove the keyword`,
        );
      }
    }
    clauses.push({ clause, pos, actions: parseActions(stream, clause) });

    token = stream.peek();
    if (token.type === 'eof') return clauses;
    const keyword = stream.keywordOf(token);
    if (keyword === undefined) {
      if (token.type === 'name' && ['AND', 'OR'].includes(token.text.toUpperCase()) && !token.quoted) {
        stream.fail(
          token.pos,
          `update actions are not joined with ${token.text}`,
          "separate actions with ',' (SET a = {0}, b = {1})",
        );
      }
      stream.unexpected(
        token,
        "',' or a clause keyword (SET, REMOVE, ADD, DELETE)",
        "separate actions with ',' and start each clause with its keyword",
      );
    }
    clause = keyword as UpdateClause;
    pos = token.pos;
    stream.next();
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

function parseActions(stream: TokenStream, clause: UpdateClause): UpdateActionNode[] {
  const actions: UpdateActionNode[] = [];
  for (;;) {
    actions.push(parseAction(stream, clause));
    const token = stream.peek();
    if (!stream.isPunct(token, ',')) return actions;
    stream.next();
    if (stream.peek().type === 'eof' || stream.keywordOf(stream.peek()) !== undefined) {
      stream.fail(
        token.pos,
        `a ',' in the ${clause} clause is not followed by an action`,
        `remove the ',' or write another action (${usage(clause)})`,
      );
    }
  }
}

function parseAction(stream: TokenStream, clause: UpdateClause): UpdateActionNode {
  switch (clause) {
    case 'SET': {
      const target = stream.parsePath('the path to set');
      stream.expectPunct('=', `'=' after the path of a SET action`, 'write SET path = {0}');
      return { clause, target, value: parseSetValue(stream) };
    }
    case 'REMOVE':
      return { clause, target: stream.parsePath('a path to remove') };
    case 'ADD':
    case 'DELETE': {
      const target = stream.parsePath(`a path to ${clause === 'ADD' ? 'add to' : 'delete from'}`);
      const value = stream.peek();
      if (value.type !== 'placeholder') {
        stream.unexpected(
          value,
          `a value {n} after the path of ${clause}`,
          `write ${usage(clause)}: ${clause} takes a value, not a path or function`,
        );
      }
      return { clause, target, value: stream.parseValue('a value {n}') };
    }
  }
}

function parseSetValue(stream: TokenStream): SetValueNode {
  const open = stream.peek();
  if (stream.isPunct(open, '(')) {
    // Parentheses around the whole value are dropped when rendering, so DynamoDB never sees them as redundant.
    stream.next();
    const inner = parseSetValue(stream);
    const close = stream.peek();
    if (!stream.isPunct(close, ')')) {
      if (close.type === 'eof') stream.fail(open.pos, "'(' is not closed", "add the matching ')'");
      stream.unexpected(close, "')'", `close the '(' at position ${open.pos}`);
    }
    stream.next();
    return inner;
  }
  const left = parseUpdateOperand(stream, 'a value {n}, a path or a function after =');
  const token = stream.peek();
  if (!(stream.isPunct(token, '+') || stream.isPunct(token, '-'))) return left;
  stream.next();
  const right = parseUpdateOperand(stream, `an operand after '${token.type === 'punct' ? token.text : ''}'`);
  for (const operand of [left, right]) {
    if (operand.type === 'call' && operand.name === 'list_append') {
      stream.fail(
        operand.pos,
        'list_append() cannot be used with + or -',
        'assign its result directly: SET path = list_append(path, {0})',
      );
    }
  }
  const more = stream.peek();
  if (stream.isPunct(more, '+') || stream.isPunct(more, '-')) {
    stream.fail(
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
function parseUpdateOperand(stream: TokenStream, expected: string): Operand {
  const token = stream.peek();
  if (token.type === 'placeholder') return stream.parseValue(expected);
  if (stream.atCall()) return parseUpdateCall(stream);
  if (token.type === 'name') return stream.parsePath(expected);
  return stream.unexpected(token, expected);
}

function parseUpdateCall(stream: TokenStream): CallNode {
  return stream.parseCall(['update'], WHERE, () => {
    const token = stream.peek();
    const arg = parseUpdateOperand(stream, 'a function argument');
    if (arg.type === 'call' && arg.name === 'list_append') {
      stream.fail(
        token.pos,
        'list_append() cannot be nested in another function',
        'assign it directly: SET path = list_append(if_not_exists(path, {0}), {1})',
      );
    }
    return arg;
  });
}
