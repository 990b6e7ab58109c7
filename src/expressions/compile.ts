/**
 * compileExpression: parse + check + emit once per (kind, template), cached,
 * so a request only pays for `render`. Templates are normally string
 * constants of the application, so a small bounded cache holds them all; the
 * bound protects against applications that build templates dynamically.
 */
import { ExpressionError } from '../errors/errors.js';
import type { ValueNode } from './ast.js';
import { type ClausePlan, CompiledTemplate } from './compiled-template.js';
import { Emitter } from './emit.js';
import type { KeyConditionParts } from './key-condition.js';
import { checkOperandTypes } from './operand-types.js';
import { parseTemplate } from './parser.js';
import { type Part, PartsBuilder } from './parts.js';
import { renamePaths } from './rename-paths.js';
import type {
  CompiledExpression,
  ExpressionKind,
  KeyConditionShape,
  TemplateBinder,
  UpdateAssignment,
  UpdateClause,
  ValueSlot,
} from './types.js';

/** Most compiled templates kept (all kinds together); the oldest are dropped beyond it. */
export const MAX_CACHED_EXPRESSIONS = 2000;

const KINDS: readonly ExpressionKind[] = ['condition', 'keyCondition', 'update', 'projection'];
const caches: ReadonlyMap<ExpressionKind, Map<string, CompiledExpression>> = new Map(
  KINDS.map((kind) => [kind, new Map()]),
);
let cachedCount = 0;

/**
 * Compiles a template of the given kind, or throws ExpressionError naming
 * the template, the position and what to do. The same (kind, template)
 * gives the same object while it is cached.
 */
export function compileExpression(kind: ExpressionKind, template: string): CompiledExpression {
  const cache = caches.get(kind);
  if (cache === undefined) {
    throw new ExpressionError(
      `unknown expression kind ${JSON.stringify(kind)}: use one of ${KINDS.join(', ')}`,
      String(template),
    );
  }
  const hit = cache.get(template);
  if (hit !== undefined) return hit;
  if (typeof template !== 'string') {
    throw new ExpressionError(
      `an expression template must be a string, got ${template === null ? 'null' : typeof template}`,
      String(template),
    );
  }
  const compiled = build(kind, template);
  if (cachedCount >= MAX_CACHED_EXPRESSIONS) evictOldest(cache);
  cache.set(template, compiled);
  cachedCount++;
  return compiled;
}

/**
 * A projection of the given paths (each written as in a template: `a`,
 * `b.c`, `d[0]`, `` `user-id` ``), e.g. from `withProjection(...fields)`.
 */
export function projectionOf(paths: readonly string[]): CompiledExpression {
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new ExpressionError('a projection needs at least one attribute path: pass the attributes to read', '', 0);
  }
  for (const path of paths) {
    if (typeof path !== 'string') {
      throw new ExpressionError(
        `projection paths must be strings, got ${typeof path}`,
        paths.map(String).join(', '),
        0,
      );
    }
  }
  return compileExpression('projection', paths.join(', '));
}

/** How many templates are cached (for tests). */
export function cachedExpressionCount(): number {
  return cachedCount;
}

/** Empties the cache (for tests). */
export function clearExpressionCache(): void {
  for (const cache of caches.values()) cache.clear();
  cachedCount = 0;
}

/** Drops the oldest entry, from the cache about to grow when it has one (Maps iterate in insertion order). */
function evictOldest(preferred: Map<string, CompiledExpression>): void {
  for (const cache of [preferred, ...caches.values()]) {
    const oldest = cache.keys().next();
    if (!oldest.done) {
      cache.delete(oldest.value);
      cachedCount--;
      return;
    }
  }
}

/**
 * The expression bound to a table's attributes: its names checked and written as stored names, its
 * values given the converters of what they are placed against (see TemplateBinder). Parsed again, once
 * per table and template: callers cache the result.
 */
export function bindTemplate(expression: CompiledExpression, binder: TemplateBinder): CompiledExpression {
  return build(expression.kind, expression.template, binder);
}

function build(kind: ExpressionKind, template: string, binder?: TemplateBinder): CompiledTemplate {
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
