/**
 * Key conditions are parsed with the condition grammar, then checked against
 * the shape DynamoDB accepts in KeyConditionExpression: an equality on the
 * partition key, and optionally one condition on the sort key, joined with
 * AND, each comparing a top-level key attribute with a value.
 */
import type { ConditionNode, Operand, PathNode, ValueNode } from './ast.js';
import type { TokenStream } from './token-stream.js';
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

/**
 * Splits a parsed key condition into its partition key equality and optional
 * sort key condition, failing at the offending token when its shape is not
 * one DynamoDB accepts. Which attributes are the keys is checked later, by
 * the query builder against the table or index key schema.
 */
export function splitKeyCondition(stream: TokenStream, node: ConditionNode): KeyConditionParts {
  let terms: KeyTerm[];
  if (node.type === 'and') {
    if (node.items.length > 2) {
      stream.fail(
        node.opPositions[1],
        `a key condition has at most two parts (the partition key and one sort key condition), this one has ${node.items.length}`,
        `write ${EXAMPLE}, and put conditions on other attributes in a filter`,
      );
    }
    terms = node.items.map((item) => keyTerm(stream, item));
  } else {
    terms = [keyTerm(stream, node)];
  }

  const [first, second] = terms;
  if (second !== undefined && first.attribute === second.attribute) {
    stream.fail(second.pos, `the key attribute ${first.attribute} is used twice`, `write ${EXAMPLE}`);
  }
  // With two equalities the first is taken as the partition key (the builder can check against the key schema).
  const partition = first.operator === '=' ? first : second?.operator === '=' ? second : undefined;
  if (partition === undefined) {
    stream.fail(first.pos, 'a key condition needs an equality on the partition key', `write ${EXAMPLE}`);
  }
  const sort = partition === first ? second : first;
  return {
    partition: { attribute: partition.attribute, value: partition.values[0] },
    ...(sort !== undefined
      ? { sort: { attribute: sort.attribute, operator: sort.operator, values: sort.values } }
      : {}),
  };
}

function keyTerm(stream: TokenStream, node: ConditionNode): KeyTerm {
  switch (node.type) {
    case 'compare': {
      if (node.op === '<>')
        stream.fail(
          node.pos,
          "'<>' cannot be used in a key condition",
          'use =, <, <=, >, >=, BETWEEN or begins_with, and a filter for <>',
        );
      if (node.left.type === 'value' && node.right.type !== 'value') {
        stream.fail(
          node.left.pos,
          'a key condition must name the key attribute first',
          `write the attribute on the left: key ${node.op} {${node.left.index}}`,
        );
      }
      const attribute = keyAttribute(stream, node.left);
      return { attribute, operator: node.op, values: [keyValue(stream, node.right)], pos: node.left.pos };
    }
    case 'between':
      return {
        attribute: keyAttribute(stream, node.subject),
        operator: 'BETWEEN',
        values: [keyValue(stream, node.low), keyValue(stream, node.high)],
        pos: node.subject.pos,
      };
    case 'call':
      if (node.name !== 'begins_with') {
        stream.fail(
          node.pos,
          `${node.name}() cannot be used in a key condition`,
          `only begins_with(sortKey, {n}) can: ${EXAMPLE}; put other conditions in a filter`,
        );
      }
      return {
        attribute: keyAttribute(stream, node.args[0]),
        operator: 'begins_with',
        values: [keyValue(stream, node.args[1])],
        pos: node.pos,
      };
    case 'in':
      return stream.fail(
        node.pos,
        'IN cannot be used in a key condition',
        'query each partition key value separately, or use a filter',
      );
    case 'not':
      return stream.fail(
        node.pos,
        'NOT cannot be used in a key condition',
        `write ${EXAMPLE}, and put negations in a filter`,
      );
    case 'or':
      return stream.fail(
        node.opPositions[0],
        'OR cannot be used in a key condition',
        'query each alternative separately, or put the alternatives in a filter',
      );
    case 'and':
      return stream.fail(
        node.opPositions[0],
        'a key condition has at most two parts joined with AND',
        `write ${EXAMPLE}`,
      );
  }
}

function keyAttribute(stream: TokenStream, operand: Operand): string {
  if (operand.type === 'call')
    stream.fail(
      operand.pos,
      `${operand.name}() cannot be used in a key condition`,
      `compare the key attribute itself: ${EXAMPLE}`,
    );
  if (operand.type === 'value')
    stream.fail(operand.pos, 'expected a key attribute name, found a value', `write ${EXAMPLE}`);
  return topLevelName(stream, operand);
}

function topLevelName(stream: TokenStream, path: PathNode): string {
  const [first] = path.elements;
  if (path.elements.length !== 1 || first.name === undefined) {
    stream.fail(
      path.pos,
      `the key attribute ${stream.template.slice(path.pos, path.end)} is a nested path`,
      'key attributes are top-level attributes: compare the attribute itself',
    );
  }
  return first.name;
}

function keyValue(stream: TokenStream, operand: Operand): ValueNode {
  if (operand.type !== 'value') {
    stream.fail(
      operand.pos,
      'a key attribute must be compared with a value placeholder',
      `write ${EXAMPLE}: DynamoDB does not compare keys with other attributes`,
    );
  }
  return operand;
}
