import { ExpressionError } from '../errors/errors.js';
import type { ExpressionKind } from './types.js';

const KIND_LABELS: Readonly<Record<ExpressionKind, string>> = {
  condition: 'condition',
  keyCondition: 'key condition',
  update: 'update',
  projection: 'projection',
};

/** `condition template "a = {0}"`: how every message names the template, quoted as JSON so blanks and newlines show. */
export function describeTemplate(kind: ExpressionKind, template: string): string {
  return `${KIND_LABELS[kind]} template ${JSON.stringify(template)}`;
}

/**
 * The one shape of every template problem: what is wrong, where (the
 * template and the 0-based character position), and what to do about it.
 * Keeping it in one place keeps the messages uniform, which tests rely on.
 */
export function templateError(
  kind: ExpressionKind,
  template: string,
  position: number,
  problem: string,
  fix: string,
): ExpressionError {
  return new ExpressionError(
    `${problem} at position ${position} of ${describeTemplate(kind, template)}: ${fix}`,
    template,
    position,
  );
}
