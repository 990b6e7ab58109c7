import { InvalidRequestError } from '../../errors/errors.js';
import type { TargetSource } from './sources.js';

interface BuilderLike {
  toInput(): { TableName?: string };
}

/** The configured builder and its input, rendered once here (callers reuse it instead of rendering again). */
export interface ConfiguredOperation<B extends BuilderLike> {
  readonly builder: B;
  readonly input: ReturnType<B['toInput']>;
}

/**
 * Runs the user's callback on the repository's prepared builder and checks
 * what comes back: builders are immutable, so the callback must return the
 * builder its calls produced, and it must address the repository it was
 * given (an operation of `orders` passed under `users` would be mis-typed on
 * the way back). toInput() here also makes a missing key or item fail now,
 * at the line that added the operation, before anything is sent.
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
  if (
    typeof builder !== 'object' ||
    builder === null ||
    typeof (builder as Partial<BuilderLike>).toInput !== 'function'
  ) {
    throw new InvalidRequestError(
      `${owner}.${kind} on ${source.target.label}: the callback must return the builder (builders are immutable: b => b.withKey(...), not b => { b.withKey(...) })`,
    );
  }
  const input = builder.toInput() as ReturnType<B['toInput']>;
  const table = input.TableName;
  if (table !== source.target.tableName) {
    throw new InvalidRequestError(
      `${owner}.${kind}: the callback returned a builder of table ${table}, but the operation was added for ${source.target.label} (${source.target.tableName})`,
    );
  }
  return { builder, input };
}
