/**
 * The CompiledExpression implementation: immutable data made once per
 * (kind, template), and `render`, which runs per request and only checks
 * the values, applies specs and concatenates parts.
 */
import { ExpressionError, MappingError } from '../errors/errors.js';
import { describeTemplate, templateError } from './fail.js';
import { NameRefusal } from './name-refusal.js';
import { NAME_VALUE, type Part, renderParts, type ValuePart } from './parts.js';
import { REJECTED } from './specs.js';
import type {
  CompiledExpression,
  ExpressionAttributesSink,
  ExpressionKind,
  ExtraUpdateActions,
  KeyConditionShape,
  UpdateAssignment,
  UpdateClause,
  ValueSlot,
} from './types.js';

/** The order in which clauses that only extra actions have are appended. */
export const CLAUSE_ORDER: readonly UpdateClause[] = ['SET', 'REMOVE', 'ADD', 'DELETE'];

/** One clause of an update template: its keyword and actions, as parts (`SET #n0 = :v0, #n1 = :v1`). */
export interface ClausePlan {
  readonly clause: UpdateClause;
  readonly parts: readonly Part[];
}

export interface CompiledTemplateData {
  readonly kind: ExpressionKind;
  readonly template: string;
  readonly slots: readonly ValueSlot[];
  readonly valueCount: number;
  readonly attributes: ReadonlySet<string>;
  readonly assigned: ReadonlySet<string>;
  readonly assignments: readonly UpdateAssignment[];
  readonly clauses: ReadonlySet<UpdateClause>;
  readonly keyCondition: KeyConditionShape | undefined;
  /** The whole expression. */
  readonly parts: readonly Part[];
  /** update only: the clauses, in template order, to merge extra actions into. */
  readonly clausePlans: readonly ClausePlan[];
  /** The value parts in slot order. */
  readonly valueParts: readonly ValuePart[];
}

export class CompiledTemplate implements CompiledExpression {
  readonly kind: ExpressionKind;
  readonly template: string;
  readonly slots: readonly ValueSlot[];
  readonly valueCount: number;
  readonly attributes: ReadonlySet<string>;
  readonly assigned: ReadonlySet<string>;
  readonly assignments: readonly UpdateAssignment[];
  readonly clauses: ReadonlySet<UpdateClause>;
  readonly keyCondition: KeyConditionShape | undefined;
  readonly #parts: readonly Part[];
  readonly #clausePlans: readonly ClausePlan[];
  readonly #valueParts: readonly ValuePart[];
  /** Name placeholder index -> position of its first use, for errors; empty for most templates. */
  readonly #namePositions: ReadonlyMap<number, number>;

  constructor(data: CompiledTemplateData) {
    this.kind = data.kind;
    this.template = data.template;
    this.slots = data.slots;
    this.valueCount = data.valueCount;
    this.attributes = data.attributes;
    this.assigned = data.assigned;
    this.assignments = data.assignments;
    this.clauses = data.clauses;
    this.keyCondition = data.keyCondition;
    this.#parts = data.parts;
    this.#clausePlans = data.clausePlans;
    this.#valueParts = data.valueParts;
    this.#namePositions = new Map(
      data.parts
        .flatMap((p) => (typeof p !== 'string' && p.t === NAME_VALUE ? [[p.index, p.pos] as const] : []))
        .reverse(),
    );
    Object.freeze(this);
  }

  render(ctx: ExpressionAttributesSink, values: readonly unknown[], extra?: ExtraUpdateActions): string {
    return this.#explained(() => this.#render(ctx, values, extra));
  }

  renderActions(ctx: ExpressionAttributesSink, values: readonly unknown[]): ExtraUpdateActions {
    return this.#explained(() => {
      const formatted = this.#format(values);
      const actions: Partial<Record<UpdateClause, readonly string[]>> = {};
      for (const plan of this.#clausePlans) {
        // A plan's parts start with its keyword and a blank (`SET `).
        actions[plan.clause] = [renderParts(plan.parts, ctx, formatted, values).slice(plan.clause.length + 1)];
      }
      return actions;
    });
  }

  /** Runs a rendering, and says which template a refused name or value was given to. */
  #explained<R>(rendering: () => R): R {
    try {
      return rendering();
    } catch (error) {
      if (error instanceof NameRefusal) {
        const position = this.#namePositions.get(error.index) ?? 0;
        throw templateError(this.kind, this.template, position, error.problem, error.fix);
      }
      // A value its attribute refuses: say which template it was given to.
      if (error instanceof MappingError && !error.message.includes(describeTemplate(this.kind, this.template))) {
        const where = describeTemplate(this.kind, this.template);
        throw new MappingError(`${error.message} (in the ${where})`, error.entity, error.property, { cause: error });
      }
      throw error;
    }
  }

  #render(ctx: ExpressionAttributesSink, values: readonly unknown[], extra?: ExtraUpdateActions): string {
    const formatted = this.#format(values);
    if (extra !== undefined && hasActions(extra)) return this.#renderWithExtra(ctx, formatted, values, extra);
    return renderParts(this.#parts, ctx, formatted, values);
  }

  /** Checks the values and applies specs, before anything is registered in the context. */
  #format(values: readonly unknown[]): unknown[] {
    if (!Array.isArray(values) || values.length !== this.valueCount) {
      const got = Array.isArray(values) ? values.length : 0;
      const missing = this.#valueParts.find((p) => p.slot.index >= got);
      throw templateError(
        this.kind,
        this.template,
        missing !== undefined ? missing.pos : this.template.length,
        `the template needs ${this.valueCount} value${this.valueCount === 1 ? '' : 's'}, got ${got}`,
        missing !== undefined
          ? `pass a value for {${missing.slot.index}} (values are given in placeholder order: {0}, {1}, ...)`
          : `remove the extra value${got - this.valueCount === 1 ? '' : 's'}, or add placeholders {${this.valueCount}}... for them`,
      );
    }
    const formatted = new Array<unknown>(this.#valueParts.length);
    for (let i = 0; i < this.#valueParts.length; i++) {
      const part = this.#valueParts[i];
      const value = values[part.slot.index];
      if (value === undefined) {
        throw templateError(
          this.kind,
          this.template,
          part.pos,
          `value ${part.slot.index} is undefined, and DynamoDB has no undefined`,
          'pass null to compare with or store NULL, or leave the condition or action out',
        );
      }
      if (part.spec === undefined) {
        formatted[i] = value;
        continue;
      }
      const result = part.spec.format(value);
      if (result === REJECTED) {
        throw templateError(
          this.kind,
          this.template,
          part.pos,
          `value ${part.slot.index} must be ${part.spec.expects} for the spec ${part.spec.name}, got ${describeValue(value)}`,
          `pass ${part.spec.expects}, or write {${part.slot.index}} without a spec`,
        );
      }
      formatted[i] = result;
    }
    return formatted;
  }

  #renderWithExtra(
    ctx: ExpressionAttributesSink,
    formatted: readonly unknown[],
    values: readonly unknown[],
    extra: ExtraUpdateActions,
  ): string {
    if (this.kind !== 'update') {
      throw new ExpressionError(
        `extra update actions were given for the ${describeTemplate(this.kind, this.template)}: only update expressions take them`,
        this.template,
      );
    }
    const pieces: string[] = [];
    for (const plan of this.#clausePlans) {
      const actions = checkedActions(extra, plan.clause, this.template);
      const text = renderParts(plan.parts, ctx, formatted, values);
      pieces.push(actions.length > 0 ? `${text}, ${actions.join(', ')}` : text);
    }
    for (const clause of CLAUSE_ORDER) {
      if (this.clauses.has(clause)) continue;
      const actions = checkedActions(extra, clause, this.template);
      if (actions.length > 0) pieces.push(`${clause} ${actions.join(', ')}`);
    }
    return pieces.join(' ');
  }
}

function hasActions(extra: ExtraUpdateActions): boolean {
  for (const clause of CLAUSE_ORDER) {
    const actions = extra[clause];
    if (actions !== undefined && actions.length > 0) return true;
  }
  return false;
}

function checkedActions(extra: ExtraUpdateActions, clause: UpdateClause, template: string): readonly string[] {
  const actions = extra[clause] ?? [];
  for (const action of actions) {
    if (typeof action !== 'string' || action.trim() === '') {
      throw new ExpressionError(
        `an extra ${clause} action is empty (merging into the update template ${JSON.stringify(template)})`,
        template,
      );
    }
  }
  return actions;
}

/** The kind of a value, never its content: error messages end up in logs, values may be personal data. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
}
