/**
 * A compiled template is a list of parts: literal text, names to alias and
 * values to register. Rendering walks the list once and concatenates, which
 * is all the per-request work there is (no parsing, no regular expressions).
 */
import type { ValueSpec } from './specs.js';
import type { ExpressionAttributesSink, ValueSlot } from './types.js';

export const NAME = 0;
export const VALUE = 1;
export const NAME_VALUE = 2;

/** A path segment: rendered as `ctx.name(segment)`. */
export interface NamePart {
  readonly t: typeof NAME;
  readonly segment: string;
}

/** A placeholder: rendered as `ctx.value(formatted value, slot)`. */
export interface ValuePart {
  readonly t: typeof VALUE;
  /** Position of this part's slot in CompiledExpression.slots (and in the formatted values of a render). */
  readonly slotNo: number;
  readonly slot: ValueSlot;
  readonly spec: ValueSpec | undefined;
  /** Position of the placeholder in the template, for render-time errors. */
  readonly pos: number;
}

/** A name placeholder `#{n}`: rendered as `ctx.attributeName(values[index], index)`. */
export interface NameValuePart {
  readonly t: typeof NAME_VALUE;
  readonly index: number;
  /** Position of the placeholder in the template, for render-time errors. */
  readonly pos: number;
}

export type Part = string | NamePart | ValuePart | NameValuePart;

/** Collects parts, merging adjacent literal text so rendering does as few concatenations as it can. */
export class PartsBuilder {
  readonly parts: Part[] = [];

  text(text: string): void {
    const last = this.parts.length - 1;
    if (last >= 0 && typeof this.parts[last] === 'string') this.parts[last] = (this.parts[last] as string) + text;
    else this.parts.push(text);
  }

  add(part: NamePart | ValuePart | NameValuePart): void {
    this.parts.push(part);
  }
}

/**
 * The hot loop of rendering. `formatted[slotNo]` is the value of each slot, spec already applied;
 * `values` are the values as given, for name placeholders.
 */
export function renderParts(
  parts: readonly Part[],
  ctx: ExpressionAttributesSink,
  formatted: readonly unknown[],
  values: readonly unknown[],
): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') out += part;
    else if (part.t === NAME) out += ctx.name(part.segment);
    else if (part.t === VALUE) out += ctx.value(formatted[part.slotNo], part.slot);
    else out += ctx.attributeName(values[part.index], part.index);
  }
  return out;
}
