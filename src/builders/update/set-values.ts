/**
 * `update.withKey(...).setValues({ name: 'Jane', status: 'active' })`: an update written as an object.
 *
 * The object becomes an update template of its stored names (``SET `name` = {0}, `status` = {1}``, compiled
 * once per set of properties), bound to the table like any template, so every check a template gets applies
 * to it: the key, key-part, composite-index-key and `@Version` refusals of set(), composite index keys kept in
 * step with their parts, the tenant guard on index keys, `@UpdatedAt`/`@CreatedAt`/`@Version` actions. A template
 * given to set() as well is rendered with the object's actions merged into its clauses: one UpdateExpression.
 */
import { ExpressionError, InvalidRequestError } from '../../errors/errors.js';
import { escapeName } from '../../expressions/index.js';
import type { ExpressionAttributesSink, ExtraUpdateActions, UpdateClause } from '../../expressions/types.js';
import type { PropertyWrite, TableTarget } from '../shared/table-target.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { checkAssignedAttributes } from './assigned-checks.js';

/** What setValues() calls so far write: their properties (later calls win) and the template made of them. */
export interface ValuesUpdate {
  readonly writes: readonly PropertyWrite[];
  /** Undefined when every property given was undefined. */
  readonly use: TemplateUse | undefined;
}

/**
 * The update after one more setValues() call. Calls merge, later values winning per property: a PATCH
 * handler adds each field it was sent (`if (body.name !== undefined) b = b.setValues({ name })`) without
 * collecting them first. An undefined property says nothing, so it keeps what an earlier call set.
 */
export function addValues<T>(
  target: TableTarget<T>,
  previous: ValuesUpdate | undefined,
  values: object,
  template: TemplateUse | undefined,
): ValuesUpdate {
  const given = target.propertyWrites(values);
  const byProperty = new Map((previous?.writes ?? []).map((w) => [w.property, w]));
  for (const write of given) byProperty.set(write.property, write);
  const writes = [...byProperty.values()];
  if (writes.length === 0) return { writes, use: undefined };
  const use = valuesTemplate(target, writes);
  checkAssignedAttributes(target, use.expression);
  if (template) checkNoOverlap(target, template, use);
  return { writes, use };
}

/** ``SET `a` = {0}, `b` = {1} REMOVE `c` ``: the same text, so one compilation, for the same properties. */
function valuesTemplate<T>(target: TableTarget<T>, writes: readonly PropertyWrite[]): TemplateUse {
  const set: string[] = [];
  const remove: string[] = [];
  const values: unknown[] = [];
  for (const write of writes) {
    if (write.remove) remove.push(escapeName(write.attribute));
    else set.push(`${escapeName(write.attribute)} = {${values.push(write.value) - 1}}`);
  }
  const clauses: string[] = [];
  if (set.length > 0) clauses.push(`SET ${set.join(', ')}`);
  if (remove.length > 0) clauses.push(`REMOVE ${remove.join(', ')}`);
  return useTemplate(target, 'update', clauses.join(' '), values);
}

/**
 * An attribute written by both the template and the values is refused, as two overlapping paths in one
 * template are: DynamoDB rejects the update ("Two document paths overlap"), and neither could be meant.
 */
export function checkNoOverlap<T>(target: TableTarget<T>, template: TemplateUse, values: TemplateUse): void {
  for (const a of template.expression.assignments) {
    if (!values.expression.assigned.has(a.attribute)) continue;
    throw new ExpressionError(
      `${target.label}: setValues() writes '${a.attribute}' and the update template ${JSON.stringify(template.expression.template)} ` +
        `writes ${a.nested ? 'a part of it' : 'it'} too; DynamoDB rejects an update that names a path twice, or a path and a part ` +
        'of it ("Two document paths overlap"): keep only one of them',
      template.expression.template,
    );
  }
}

/** The templates an update is made of: the one given to set(), the one setValues() made; at least one. */
export function updateUses<T>(
  target: TableTarget<T>,
  template: TemplateUse | undefined,
  values: ValuesUpdate | undefined,
): readonly TemplateUse[] {
  if (values === undefined) {
    if (template) return [template];
    throw new InvalidRequestError(`${target.label}: update needs set(...) or setValues(...) before execute()`);
  }
  if (values.use === undefined) {
    if (template) return [template];
    throw new InvalidRequestError(
      `${target.label}: setValues() was given no property to write (undefined properties are skipped): ` +
        'pass at least one, or give a template to set(...)',
    );
  }
  return template ? [template, values.use] : [values.use];
}

/** The attributes the update's templates write (for the managed attributes they leave to the library). */
export function assignedBy(uses: readonly TemplateUse[]): ReadonlySet<string> {
  if (uses.length === 1) return (uses[0] as TemplateUse).expression.assigned;
  const out = new Set<string>();
  for (const use of uses) for (const name of use.expression.assigned) out.add(name);
  return out;
}

/**
 * The UpdateExpression: the first template rendered with `extra` and, for two, the second's actions merged
 * into the first's clauses (DynamoDB allows each clause once).
 */
export function renderUpdate(
  ctx: ExpressionAttributesSink,
  uses: readonly TemplateUse[],
  extra: ExtraUpdateActions,
): string {
  const [first, second] = uses as [TemplateUse, TemplateUse | undefined];
  if (second === undefined) return first.expression.render(ctx, first.values, extra);
  const merged: Record<UpdateClause, string[]> = { SET: [], REMOVE: [], ADD: [], DELETE: [] };
  const actions = second.expression.renderActions(ctx, second.values);
  for (const clause of Object.keys(merged) as UpdateClause[]) {
    merged[clause].push(...(actions[clause] ?? []), ...(extra[clause] ?? []));
  }
  return first.expression.render(ctx, first.values, merged);
}
