/**
 * The parsed form of a template. Every node keeps the 0-based position of
 * its source text, so that checks made after parsing (key condition shape,
 * overlapping update paths) can still point at the culprit.
 */
import type { UpdateClause } from './types.js';

/** One step of a document path: an attribute name (`a`, `` `user-id` ``) or a list index (`[0]`). */
export type PathElement =
  | {
      readonly name: string;
      readonly index?: undefined;
      readonly nameValue?: undefined;
      /** The name as the template wrote it, when a table's binding changed it (a property name -> stored name). */
      readonly written?: string;
    }
  | { readonly name?: undefined; readonly index: number; readonly nameValue?: undefined; readonly written?: undefined }
  /** `#{n}` (first element only): the attribute name is the n-th value, checked when rendered. */
  | {
      readonly name?: undefined;
      readonly index?: undefined;
      readonly nameValue: number;
      readonly pos: number;
      readonly written?: undefined;
    };

export interface PathNode {
  readonly type: 'path';
  /** Starts with a name. */
  readonly elements: readonly PathElement[];
  readonly pos: number;
  readonly end: number;
}

/** A `{n}` / `{n:spec}` placeholder. */
export interface ValueNode {
  readonly type: 'value';
  readonly index: number;
  readonly spec: string | undefined;
  readonly pos: number;
  readonly end: number;
}

/** A function call: a condition function, size() (an operand), or if_not_exists()/list_append() (SET values). */
export interface CallNode {
  readonly type: 'call';
  readonly name: string;
  readonly args: readonly Operand[];
  readonly pos: number;
  readonly end: number;
}

export type Operand = PathNode | ValueNode | CallNode;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export interface CompareNode {
  readonly type: 'compare';
  readonly op: Comparator;
  readonly left: Operand;
  readonly right: Operand;
  /** Position of the operator. */
  readonly pos: number;
}

export interface BetweenNode {
  readonly type: 'between';
  readonly subject: Operand;
  readonly low: Operand;
  readonly high: Operand;
  /** Position of BETWEEN. */
  readonly pos: number;
}

export interface InNode {
  readonly type: 'in';
  readonly subject: Operand;
  readonly list: readonly Operand[];
  /** Position of IN. */
  readonly pos: number;
}

/** AND / OR with two or more items (nested ones of the same kind are flattened). */
export interface LogicalNode {
  readonly type: 'and' | 'or';
  readonly items: readonly ConditionNode[];
  /** Position of each AND / OR keyword (items.length - 1 of them). */
  readonly opPositions: readonly number[];
}

export interface NotNode {
  readonly type: 'not';
  readonly item: ConditionNode;
  readonly pos: number;
}

export type ConditionNode = CompareNode | BetweenNode | InNode | CallNode | LogicalNode | NotNode;

/** `a + b` / `a - b` in a SET value (DynamoDB allows one operator per value). */
export interface ArithmeticNode {
  readonly type: 'arithmetic';
  readonly op: '+' | '-';
  readonly left: Operand;
  readonly right: Operand;
  readonly pos: number;
}

export type SetValueNode = Operand | ArithmeticNode;

export type UpdateActionNode =
  | { readonly clause: 'SET'; readonly target: PathNode; readonly value: SetValueNode }
  | { readonly clause: 'REMOVE'; readonly target: PathNode }
  | { readonly clause: 'ADD' | 'DELETE'; readonly target: PathNode; readonly value: ValueNode };

export interface UpdateClauseNode {
  readonly clause: UpdateClause;
  /** Position of the keyword, or of the first action when the SET keyword was left out. */
  readonly pos: number;
  readonly actions: readonly UpdateActionNode[];
}
