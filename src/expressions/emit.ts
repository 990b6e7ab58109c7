/**
 * Turns a parsed template into parts (see parts.ts), value slots and the
 * attribute sets of a CompiledExpression.
 *
 * The text is regenerated from the tree, not copied from the template: names
 * always become aliases, keywords are upper-cased, and parentheses appear
 * only where precedence needs them (DynamoDB rejects "redundant
 * parentheses" such as `((a = :v))`).
 */
import type { ConditionNode, Operand, PathNode, SetValueNode, UpdateActionNode, ValueNode } from './ast.js';
import { NAME, NAME_VALUE, type Part, PartsBuilder, VALUE, type ValuePart } from './parts.js';
import { lookupSpec } from './specs.js';
import type { ValueSlot } from './types.js';

/** The name of a path that is one top-level attribute and nothing more (`a`, not `a.b` or `a[0]`). */
export function wholeAttribute(operand: Operand | SetValueNode): string | undefined {
  if (operand.type !== 'path' || operand.elements.length !== 1) return undefined;
  return operand.elements[0].name;
}

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

  /** A placeholder; `attribute` is the whole top-level attribute the value stands for, when the grammar says so. */
  value(node: ValueNode, attribute: string | undefined): void {
    const slot: ValueSlot = Object.freeze({ index: node.index, spec: node.spec, attribute });
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

  operand(node: Operand, attribute: string | undefined = undefined): void {
    switch (node.type) {
      case 'path':
        this.path(node);
        return;
      case 'value':
        this.value(node, attribute);
        return;
      case 'call':
        this.call(node.name, node.args, undefined);
        return;
    }
  }

  /** `name(arg, arg)`; `valueAttribute` applies to value arguments (if_not_exists(a, {0}) in `SET a = ...`). */
  private call(name: string, args: readonly Operand[], valueAttribute: string | undefined): void {
    this.out.text(`${name}(`);
    args.forEach((arg, i) => {
      if (i > 0) this.out.text(', ');
      this.operand(arg, valueAttribute);
    });
    this.out.text(')');
  }

  condition(node: ConditionNode): void {
    switch (node.type) {
      case 'compare':
        this.operand(node.left, wholeAttribute(node.right));
        this.out.text(` ${node.op} `);
        this.operand(node.right, wholeAttribute(node.left));
        return;
      case 'between': {
        const subject = wholeAttribute(node.subject);
        this.operand(node.subject);
        this.out.text(' BETWEEN ');
        this.operand(node.low, subject);
        this.out.text(' AND ');
        this.operand(node.high, subject);
        return;
      }
      case 'in': {
        const subject = wholeAttribute(node.subject);
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
        this.call(node.name, node.args, undefined);
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
    const target = wholeAttribute(node.target);
    this.path(node.target);
    switch (node.clause) {
      case 'SET':
        this.out.text(' = ');
        this.setValue(node.value, target);
        return;
      case 'REMOVE':
        return;
      case 'ADD':
      case 'DELETE':
        this.out.text(' ');
        this.value(node.value, target);
        return;
    }
  }

  private setValue(node: SetValueNode, target: string | undefined): void {
    switch (node.type) {
      case 'arithmetic':
        this.operand(node.left);
        this.out.text(` ${node.op} `);
        this.operand(node.right);
        return;
      case 'value':
        this.value(node, target);
        return;
      case 'path':
        this.path(node);
        return;
      case 'call': {
        // SET a = if_not_exists(a, {0}): the value stands for a's whole value. Not when another path is tested.
        const stands = node.name === 'if_not_exists' && target !== undefined && wholeAttribute(node.args[0]) === target;
        this.call(node.name, node.args, stands ? target : undefined);
        return;
      }
    }
  }
}
