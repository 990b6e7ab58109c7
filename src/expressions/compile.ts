/**
 * compileExpression: parse + check + emit once per (kind, template), cached,
 * so a request only pays for `render`. Templates are normally string
 * constants of the application, so a small bounded cache holds them all; the
 * bound protects against applications that build templates dynamically.
 */
import { ExpressionError } from '../errors/errors.js';
import { templateCompiler } from './template-compiler.on-first-use.js';
import type { CompiledExpression, ExpressionKind, TemplateBinder } from './types.js';

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
  const compiled = templateCompiler().compileTemplate(kind, template);
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
  return templateCompiler().compileTemplate(expression.kind, expression.template, binder);
}
