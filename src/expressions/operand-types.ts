/**
 * DynamoDB's operand types, checked on a bound template against the types the table declares: what
 * DynamoDB would refuse ("Incorrect operand type", "An operand in the update expression has an
 * incorrect data type") or would store so that the item no longer reads back is an ExpressionError
 * before anything is sent. An attribute whose type is open (undeclared, Object, custom converter) is
 * never refused here.
 */
import type { ConditionNode, Operand, PathNode, SetValueNode, UpdateActionNode } from './ast.js';
import { templateError } from './fail.js';
import type { ParsedTemplate } from './parser.js';
import type { DeclaredType, ExpressionKind, TemplateBinder } from './types.js';

type TypeOf = NonNullable<TemplateBinder['typeOf']>;

/** What each use of a path needs, and what it is called in messages. */
const NEEDS = {
  order: {
    accepts: ['S', 'N', 'B'],
    what: 'an order comparison (<, <=, >, >=, BETWEEN) needs a string, number or binary attribute',
  },
  add: { accepts: ['N', 'SET'], what: 'ADD needs a number or set attribute' },
  delete: { accepts: ['SET'], what: 'DELETE needs a set attribute' },
  number: { accepts: ['N'], what: 'arithmetic (+, -) needs number attributes' },
  list: { accepts: ['L'], what: 'list_append needs list attributes' },
} as const satisfies Record<string, { accepts: readonly DeclaredType['dynamo'][]; what: string }>;

export function checkOperandTypes(kind: ExpressionKind, template: string, bound: ParsedTemplate, typeOf: TypeOf): void {
  const need = (node: Operand | undefined, use: keyof typeof NEEDS): void => {
    if (node?.type !== 'path') return;
    const type = typeOf(node.elements);
    const { accepts, what } = NEEDS[use];
    if (type === undefined || (accepts as readonly string[]).includes(type.dynamo)) return;
    fail(
      node,
      `${text(node)} is ${type.described}, and ${what}`,
      'use an attribute of that type, or another operation',
    );
  };
  const fail = (node: PathNode, problem: string, fix: string): never => {
    throw templateError(kind, template, node.pos, problem, fix);
  };
  const text = (node: PathNode): string => template.slice(node.pos, node.end);

  const condition = (node: ConditionNode): void => {
    switch (node.type) {
      case 'compare':
        if (node.op !== '=' && node.op !== '<>') {
          need(node.left, 'order');
          need(node.right, 'order');
        }
        return;
      case 'between':
        need(node.subject, 'order');
        return;
      case 'not':
        condition(node.item);
        return;
      case 'and':
      case 'or':
        for (const item of node.items) condition(item);
        return;
      default:
        return;
    }
  };
  /** `SET target = value`: what lands in the target must be of the target's type. */
  const setValue = (target: PathNode, value: SetValueNode): void => {
    switch (value.type) {
      case 'arithmetic':
        need(target, 'number');
        need(value.left, 'number');
        need(value.right, 'number');
        return;
      case 'path':
        sameType(target, value);
        return;
      case 'call':
        if (value.name === 'list_append') {
          need(target, 'list');
          for (const arg of value.args) need(arg, 'list');
        } else if (value.name === 'if_not_exists' && value.args[0]?.type === 'path') {
          sameType(target, value.args[0]);
        }
        return;
      default:
        return;
    }
  };
  const sameType = (target: PathNode, source: PathNode): void => {
    const to = typeOf(target.elements);
    const from = typeOf(source.elements);
    if (to === undefined || from === undefined || to.typeName === from.typeName) return;
    fail(
      source,
      `${text(source)} is ${from.described}, and its value would land in ${text(target)}, ${to.described}: the item would no longer read back`,
      'copy between attributes of the same type',
    );
  };
  const action = (node: UpdateActionNode): void => {
    if (node.clause === 'SET') setValue(node.target, node.value);
    else if (node.clause === 'ADD') need(node.target, 'add');
    else if (node.clause === 'DELETE') need(node.target, 'delete');
  };

  switch (bound.kind) {
    case 'condition':
    case 'keyCondition':
      condition(bound.root);
      return;
    case 'update':
      for (const clause of bound.clauses) for (const a of clause.actions) action(a);
      return;
    case 'projection':
      return;
  }
}
