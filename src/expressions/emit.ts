/**
 * Turns a parsed template into parts (see parts.ts), value slots and the
 * attribute sets of a CompiledExpression.
 *
 * The text is regenerated from the tree, not copied from the template: names
 * always become aliases, keywords are upper-cased, and parentheses appear
 * only where precedence needs them (DynamoDB rejects "redundant
 * parentheses" such as `((a = :v))`).
 */
import type { CallNode, ConditionNode, Operand, PathNode, SetValueNode, UpdateActionNode, ValueNode } from './ast.js';
import { NAME, NAME_VALUE, type Part, PartsBuilder, VALUE, type ValuePart } from './parts.js';
import { lookupSpec } from './specs.js';
import type { TemplateBinder, ValueRelation, ValueRole, ValueSlot } from './types.js';

/** What a value compared with `other` is placed against: a path's value, or the number `size(path)` gives. */
function comparedWith(other: Operand, op: string): ValueRelation | undefined {
  if (other.type === 'path') return { path: other.elements, role: 'value', op };
  if (other.type === 'call' && other.name === 'size' && other.args[0]?.type === 'path') {
    return { path: other.args[0].elements, role: 'number' };
  }
  return undefined;
}

/** The role of a function's value arguments, relative to its first (path) argument. */
const FUNCTION_ROLES: Readonly<Record<string, ValueRole>> = {
  begins_with: 'prefix',
  contains: 'element',
  attribute_type: 'type',
  list_append: 'list',
};

export class Emitter {
  /** Every slot, in order of appearance. */
  readonly slots: ValueSlot[] = [];
  readonly valueParts: ValuePart[] = [];
  /** Top-level attribute names referred to anywhere. */
  readonly attributes = new Set<string>();
  /** The slot made for each placeholder node (key condition shapes refer to them). */
  readonly slotOf = new Map<ValueNode, ValueSlot>();
  /** Indexes of the values that are attribute names (`#{n}`). */
  readonly nameIndexes: number[] = [];
  private out = new PartsBuilder();

  /** With a binder, each value gets the converter of what it is placed against. */
  constructor(private readonly binder?: TemplateBinder) {}

  /** Starts a new list of parts (update clauses are kept apart, to merge extra actions into them); returns the finished one. */
  take(): Part[] {
    const parts = this.out.parts;
    this.out = new PartsBuilder();
    return parts;
  }

  text(text: string): void {
    this.out.text(text);
  }

  path(node: PathNode): void {
    node.elements.forEach((element, i) => {
      if (element.name !== undefined) {
        if (i === 0) this.attributes.add(element.name);
        else this.out.text('.');
        this.out.add({ t: NAME, segment: element.name });
      } else if (element.nameValue !== undefined) {
        this.nameIndexes.push(element.nameValue);
        this.out.add({ t: NAME_VALUE, index: element.nameValue, pos: element.pos });
      } else {
        this.out.text(`[${element.index}]`);
      }
    });
  }

  /** A placeholder, and what it is placed against when the grammar says so. */
  value(node: ValueNode, relation: ValueRelation | undefined): void {
    // `attribute`: the whole top-level attribute the value stands for (see ValueSlot).
    const attribute = relation?.role === 'value' && relation.path.length === 1 ? relation.path[0]?.name : undefined;
    const convert = relation && this.binder?.converter(relation, node);
    const slot: ValueSlot = Object.freeze({
      index: node.index,
      spec: node.spec,
      attribute,
      ...(relation === undefined || this.binder === undefined ? {} : { relation }),
      ...(convert === undefined ? {} : { convert }),
    });
    const part: ValuePart = {
      t: VALUE,
      slotNo: this.slots.length,
      slot,
      spec: node.spec === undefined ? undefined : lookupSpec(node.spec),
      pos: node.pos,
    };
    this.slots.push(slot);
    this.valueParts.push(part);
    this.slotOf.set(node, slot);
    this.out.add(part);
  }

  operand(node: Operand, relation: ValueRelation | undefined = undefined): void {
    switch (node.type) {
      case 'path':
        this.path(node);
        return;
      case 'value':
        this.value(node, relation);
        return;
      case 'call':
        this.call(node, relation);
        return;
    }
  }

  /**
   * `name(arg, arg)`. Value arguments of begins_with, contains, attribute_type and list_append relate to
   * the function's path argument; those of if_not_exists to `outer` (the value the whole call stands for).
   */
  private call(node: CallNode, outer: ValueRelation | undefined): void {
    const role = FUNCTION_ROLES[node.name];
    const pathArg = node.args.find((a) => a.type === 'path');
    let relation: ValueRelation | undefined;
    if (role !== undefined && pathArg?.type === 'path') relation = { path: pathArg.elements, role };
    else if (node.name === 'if_not_exists') relation = outer;
    else if (node.name === 'list_append' && outer !== undefined) relation = { path: outer.path, role: 'list' };
    this.out.text(`${node.name}(`);
    node.args.forEach((arg, i) => {
      if (i > 0) this.out.text(', ');
      this.operand(arg, relation);
    });
    this.out.text(')');
  }

  condition(node: ConditionNode): void {
    switch (node.type) {
      case 'compare':
        this.operand(node.left, comparedWith(node.right, node.op));
        this.out.text(` ${node.op} `);
        this.operand(node.right, comparedWith(node.left, node.op));
        return;
      case 'between': {
        const subject = comparedWith(node.subject, 'BETWEEN');
        this.operand(node.subject);
        this.out.text(' BETWEEN ');
        this.operand(node.low, subject);
        this.out.text(' AND ');
        this.operand(node.high, subject);
        return;
      }
      case 'in': {
        const subject = comparedWith(node.subject, 'IN');
        this.operand(node.subject);
        this.out.text(' IN (');
        node.list.forEach((item, i) => {
          if (i > 0) this.out.text(', ');
          this.operand(item, subject);
        });
        this.out.text(')');
        return;
      }
      case 'call':
        this.call(node, undefined);
        return;
      case 'not':
        this.out.text('NOT ');
        this.grouped(node.item, node.item.type === 'and' || node.item.type === 'or');
        return;
      case 'and':
      case 'or':
        node.items.forEach((item, i) => {
          if (i > 0) this.out.text(node.type === 'and' ? ' AND ' : ' OR ');
          // Items are never of the node's own type (flattened); OR inside AND is the one case that needs parentheses.
          this.grouped(item, node.type === 'and' && item.type === 'or');
        });
        return;
    }
  }

  private grouped(node: ConditionNode, parenthesize: boolean): void {
    if (parenthesize) this.out.text('(');
    this.condition(node);
    if (parenthesize) this.out.text(')');
  }

  /** One update action, without the clause keyword. */
  action(node: UpdateActionNode): void {
    this.path(node.target);
    switch (node.clause) {
      case 'SET':
        this.out.text(' = ');
        this.setValue(node.value, node.target);
        return;
      case 'REMOVE':
        return;
      case 'ADD':
      case 'DELETE':
        this.out.text(' ');
        this.value(node.value, { path: node.target.elements, role: 'value', op: node.clause });
        return;
    }
  }

  private setValue(node: SetValueNode, target: PathNode): void {
    const whole: ValueRelation = { path: target.elements, role: 'value', op: 'SET' };
    switch (node.type) {
      case 'arithmetic': {
        // `a + {0}`, `{0} - a`: a number, whatever the path (DynamoDB adds numbers only).
        const path = node.left.type === 'path' ? node.left : node.right.type === 'path' ? node.right : target;
        const number: ValueRelation = { path: path.elements, role: 'number' };
        this.operand(node.left, number);
        this.out.text(` ${node.op} `);
        this.operand(node.right, number);
        return;
      }
      case 'value':
        this.value(node, whole);
        return;
      case 'path':
        this.path(node);
        return;
      case 'call':
        // SET a = if_not_exists(b, {0}): the value becomes a's value (b is only tested).
        this.call(node, whole);
        return;
    }
  }
}
