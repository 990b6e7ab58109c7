/**
 * Key conditions are parsed with the condition grammar, then checked against
 * the shape DynamoDB accepts in KeyConditionExpression: an equality on the
 * partition key, and optionally one condition on the sort key, joined with
 * AND, each comparing a top-level key attribute with a value.
 */
import type { ConditionNode, Operand, PathNode, ValueNode } from './ast.js';
import type { Cursor } from './cursor.js';
import type { SortKeyOperator } from './types.js';

/** A key condition's parts, with AST nodes (the compiler turns value nodes into slots). */
export interface KeyConditionParts {
  readonly partition: { readonly attribute: string; readonly value: ValueNode };
  readonly sort?: {
    readonly attribute: string;
    readonly operator: SortKeyOperator;
    readonly values: readonly ValueNode[];
  };
}

interface KeyTerm {
  readonly attribute: string;
  readonly operator: SortKeyOperator;
  readonly values: readonly ValueNode[];
  readonly pos: number;
}

const EXAMPLE = 'pk = {0} AND sk > {1} (or BETWEEN {1} AND {2}, or begins_with(sk, {1}))';

export function checkKeyCondition(c: Cursor, node: ConditionNode): KeyConditionParts {
  let terms: KeyTerm[];
  if (node.type === 'and') {
    if (node.items.length > 2) {
      c.fail(
        node.opPositions[1],
        `a key condition has at most two parts (the partition key and one sort key condition), this one has ${node.items.length}`,
        `write ${EXAMPLE}, and put conditions on other attributes in a filter`,
      );
    }
    terms = node.items.map((item) => keyTerm(c, item));
  } else {
    terms = [keyTerm(c, node)];
  }

  const [first, second] = terms;
  if (second !== undefined && first.attribute === second.attribute) {
    c.fail(second.pos, `the key attribute ${first.attribute} is used twice`, `write ${EXAMPLE}`);
  }
  // With two equalities the first is taken as the partition key (the builder can check against the key schema).
  const partition = first.operator === '=' ? first : second?.operator === '=' ? second : undefined;
  if (partition === undefined) {
    c.fail(first.pos, 'a key condition needs an equality on the partition key', `write ${EXAMPLE}`);
  }
  const sort = partition === first ? second : first;
  return {
    partition: { attribute: partition.attribute, value: partition.values[0] },
    ...(sort !== undefined
      ? { sort: { attribute: sort.attribute, operator: sort.operator, values: sort.values } }
      : {}),
  };
}

function keyTerm(c: Cursor, node: ConditionNode): KeyTerm {
  switch (node.type) {
    case 'compare': {
      if (node.op === '<>')
        c.fail(
          node.pos,
          "'<>' cannot be used in a key condition",
          'use =, <, <=, >, >=, BETWEEN or begins_with, and a filter for <>',
        );
      if (node.left.type === 'value' && node.right.type !== 'value') {
        c.fail(
          node.left.pos,
          'a key condition must name the key attribute first',
          `write the attribute on the left: key ${node.op} {${node.left.index}}`,
        );
      }
      const attribute = keyAttribute(c, node.left);
      return { attribute, operator: node.op, values: [keyValue(c, node.right)], pos: node.left.pos };
    }
    case 'between':
      return {
        attribute: keyAttribute(c, node.subject),
        operator: 'BETWEEN',
        values: [keyValue(c, node.low), keyValue(c, node.high)],
        pos: node.subject.pos,
      };
    case 'call':
      if (node.name !== 'begins_with') {
        c.fail(
          node.pos,
          `${node.name}() cannot be used in a key condition`,
          `only begins_with(sortKey, {n}) can: ${EXAMPLE}; put other conditions in a filter`,
        );
      }
      return {
        attribute: keyAttribute(c, node.args[0]),
        operator: 'begins_with',
        values: [keyValue(c, node.args[1])],
        pos: node.pos,
      };
    case 'in':
      return c.fail(
        node.pos,
        'IN cannot be used in a key condition',
        'query each partition key value separately, or use a filter',
      );
    case 'not':
      return c.fail(
        node.pos,
        'NOT cannot be used in a key condition',
        `write ${EXAMPLE}, and put negations in a filter`,
      );
    case 'or':
      return c.fail(
        node.opPositions[0],
        'OR cannot be used in a key condition',
        'query each alternative separately, or put the alternatives in a filter',
      );
    case 'and':
      return c.fail(node.opPositions[0], 'a key condition has at most two parts joined with AND', `write ${EXAMPLE}`);
  }
}

function keyAttribute(c: Cursor, operand: Operand): string {
  if (operand.type === 'call')
    c.fail(
      operand.pos,
      `${operand.name}() cannot be used in a key condition`,
      `compare the key attribute itself: ${EXAMPLE}`,
    );
  if (operand.type === 'value') c.fail(operand.pos, 'expected a key attribute name, found a value', `write ${EXAMPLE}`);
  return topLevelName(c, operand);
}

function topLevelName(c: Cursor, path: PathNode): string {
  const [first] = path.elements;
  if (path.elements.length !== 1 || first.name === undefined) {
    c.fail(
      path.pos,
      `the key attribute ${c.template.slice(path.pos, path.end)} is a nested path`,
      'key attributes are top-level attributes: compare the attribute itself',
    );
  }
  return first.name;
}

function keyValue(c: Cursor, operand: Operand): ValueNode {
  if (operand.type !== 'value') {
    c.fail(
      operand.pos,
      'a key attribute must be compared with a value placeholder',
      `write ${EXAMPLE}: DynamoDB does not compare keys with other attributes`,
    );
  }
  return operand;
}
