import { InvalidRequestError } from '../../errors/errors.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import type { TargetSource } from './sources.js';

interface BuilderLike {
  plan(): OperationPlan;
}

/** The configured builder and its plan; the builder is rendered once, when the batch or transaction executes. */
export interface ConfiguredOperation<B extends BuilderLike> {
  readonly builder: B;
  readonly plan: OperationPlan;
}

/**
 * Runs the user's callback on the repository's prepared builder and checks
 * what comes back: builders are immutable, so the callback must return the
 * builder its calls produced, and it must address the repository it was
 * given (an operation of `orders` passed under `users` would be mis-typed on
 * the way back). Its plan also makes a missing key or item fail now, at
 * the line that added the operation, before anything is sent.
 */
export function configureOperation<P, B extends BuilderLike>(
  owner: string,
  kind: string,
  source: TargetSource<unknown>,
  prepared: P,
  configure: (builder: P) => B,
): ConfiguredOperation<B> {
  if (typeof configure !== 'function') {
    throw new InvalidRequestError(`${owner}.${kind}: the second argument must be a callback like b => b.withKey(...)`);
  }
  const builder = configure(prepared);
  if (typeof builder !== 'object' || builder === null || typeof (builder as Partial<BuilderLike>).plan !== 'function') {
    throw new InvalidRequestError(
      `${owner}.${kind} on ${source.target.label}: the callback must return the builder (builders are immutable: b => b.withKey(...), not b => { b.withKey(...) })`,
    );
  }
  const plan = builder.plan();
  const table = plan.table;
  if (table !== source.target.tableName) {
    throw new InvalidRequestError(
      `${owner}.${kind}: the callback returned a builder of table ${table}, but the operation was added for ${source.target.label} (${source.target.tableName})`,
    );
  }
  return { builder, plan };
}
