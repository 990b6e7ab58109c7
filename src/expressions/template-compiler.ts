/**
 * Parses, checks and emits one template: what compileExpression caches. Requests that use no template never run it,
 * so the build for Node loads it on first use (see template-compiler.on-first-use.ts).
 */
import type { ValueNode } from './ast.js';
import { type ClausePlan, CompiledTemplate } from './compiled-template.js';
import { Emitter } from './emit.js';
import type { KeyConditionParts } from './key-condition.js';
import { checkOperandTypes } from './operand-types.js';
import { parseTemplate } from './parser.js';
import { type Part, PartsBuilder } from './parts.js';
import { renamePaths } from './rename-paths.js';
import type {
  ExpressionKind,
  KeyConditionShape,
  TemplateBinder,
  UpdateAssignment,
  UpdateClause,
  ValueSlot,
} from './types.js';

/** The compiled template of `kind`, its names and values bound to a table's attributes when a `binder` is given. */
export function compileTemplate(kind: ExpressionKind, template: string, binder?: TemplateBinder): CompiledTemplate {
  const parsed =
    binder === undefined
      ? parseTemplate(kind, template)
      : renamePaths(kind, template, parseTemplate(kind, template), binder);
  if (binder?.typeOf !== undefined) checkOperandTypes(kind, template, parsed, binder.typeOf.bind(binder));
  const emitter = new Emitter(binder);
  const assigned = new Set<string>();
  const assignments: UpdateAssignment[] = [];
  const clauses = new Set<UpdateClause>();
  const clausePlans: ClausePlan[] = [];
  let parts: Part[];
  let keyCondition: KeyConditionShape | undefined;

  switch (parsed.kind) {
    case 'condition':
      emitter.condition(parsed.root);
      parts = emitter.take();
      break;
    case 'keyCondition':
      emitter.condition(parsed.root);
      parts = emitter.take();
      keyCondition = keyShape(parsed.key, emitter.slotOf);
      break;
    case 'update': {
      for (const clause of parsed.clauses) {
        emitter.text(`${clause.clause} `);
        clause.actions.forEach((action, i) => {
          if (i > 0) emitter.text(', ');
          emitter.action(action);
          const top = action.target.elements[0].name;
          if (top === undefined) return;
          assigned.add(top);
          const value =
            action.clause === 'SET' && action.value.type === 'value' ? emitter.slotOf.get(action.value) : undefined;
          assignments.push(
            Object.freeze({ clause: action.clause, attribute: top, nested: action.target.elements.length > 1, value }),
          );
        });
        clauses.add(clause.clause);
        clausePlans.push(Object.freeze({ clause: clause.clause, parts: Object.freeze(emitter.take()) }));
      }
      const whole = new PartsBuilder();
      clausePlans.forEach((plan, i) => {
        if (i > 0) whole.text(' ');
        for (const part of plan.parts) {
          if (typeof part === 'string') whole.text(part);
          else whole.add(part);
        }
      });
      parts = whole.parts;
      break;
    }
    case 'projection':
      parsed.paths.forEach((path, i) => {
        if (i > 0) emitter.text(', ');
        emitter.path(path);
      });
      parts = emitter.take();
      break;
  }

  const slots = Object.freeze([...emitter.slots]);
  return new CompiledTemplate({
    kind,
    template,
    slots,
    valueCount: Math.max(
      slots.reduce((max, slot) => Math.max(max, slot.index + 1), 0),
      ...emitter.nameIndexes.map((index) => index + 1),
    ),
    attributes: emitter.attributes,
    assigned,
    assignments: Object.freeze(assignments),
    clauses,
    keyCondition,
    parts: Object.freeze(parts),
    clausePlans: Object.freeze(clausePlans),
    valueParts: Object.freeze([...emitter.valueParts]),
  });
}

function keyShape(key: KeyConditionParts, slotOf: ReadonlyMap<ValueNode, ValueSlot>): KeyConditionShape {
  const slot = (node: ValueNode): ValueSlot => {
    const found = slotOf.get(node);
    if (found === undefined) throw new Error('internal error: a key condition value has no slot');
    return found;
  };
  const partition = Object.freeze({ attribute: key.partition.attribute, slot: slot(key.partition.value) });
  if (key.sort === undefined) return Object.freeze({ partition });
  const sort = Object.freeze({
    attribute: key.sort.attribute,
    operator: key.sort.operator,
    slots: Object.freeze(key.sort.values.map(slot)),
  });
  return Object.freeze({ partition, sort });
}
