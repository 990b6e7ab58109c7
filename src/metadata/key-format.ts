import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import type { MappedKey } from '../mapping/mapped-shape.js';
import { numberText } from '../mapping/number-text.js';
import { storedKeyNumber, storedKeyNumberText } from '../mapping/stored-number.js';

export type KeyScalar = 'S' | 'N' | 'B';

/** Whether a stored value is of the scalar type `scalar`. */
export function isScalar(value: AttributeValue, scalar: KeyScalar): boolean {
  return (scalar === 'S' ? value.S : scalar === 'N' ? value.N : value.B) !== undefined;
}

/** The stored form of a key's value: S, N or B by its JavaScript type. */
export function keyAttributeValue(value: string | number | Uint8Array): AttributeValue {
  return typeof value === 'string' ? { S: value } : typeof value === 'number' ? { N: numberText(value) } : { B: value };
}

/** A table key compiled from its decorator: how to write it and read it back. */
export interface CompiledKey extends MappedKey {
  readonly scalar: KeyScalar;
  /** 'simple': one property (maybe prefixed); 'template': composed of several parts. */
  readonly kind: 'simple' | 'template';
  /** The template of a composite key (`TENANT#{tenantId}#USER#{userId}`); undefined for a simple key. */
  readonly template: string | undefined;
  /** The first property of a template (`tenantId` of `TENANT#{tenantId}#USER#{userId}`); undefined for a simple key. */
  readonly leadingProperty: string | undefined;
  /** Template parts: property -> the stored name of its own attribute. Empty for a simple key. */
  readonly partNames: ReadonlyMap<string, string>;
  /** Whether a stored value has this key's format (prefix, template, type). */
  matches(stored: AttributeValue): boolean;
  /** The stored form of a property value (simple keys) or of an object of parts (templates). */
  format(value: unknown): string | number | Uint8Array;
  /**
   * The stored text `begins_with` needs for the start of a key: a simple key's prefix and the start of
   * its value; a template's text up to the first part the object lacks (`ORDER#o1#` for `{ orderId: 'o1' }`
   * of `ORDER#{orderId}#{line}`). MappingError for a key that is not a string.
   */
  prefix(value: unknown): string;
}

function missing(property: string, attribute: string): never {
  throw new MappingError(`key ${attribute} needs ${property}, which is missing`, undefined, property);
}

/** `@PartitionKey({ prefix: 'USER' })` on `userId`: stored as `USER#<userId>`. */
export function simpleKey(
  attribute: string,
  property: string,
  propertyType: KeyScalar,
  prefix: string | undefined,
  separator: string,
): CompiledKey {
  const head = prefix === undefined ? undefined : prefix + separator;
  const scalar: KeyScalar = head === undefined ? propertyType : 'S';

  const format = (value: unknown): string | number | Uint8Array => {
    if (value === undefined || value === null) missing(property, attribute);
    if (
      propertyType === 'N'
        ? typeof value !== 'number'
        : propertyType === 'B'
          ? !(value instanceof Uint8Array)
          : typeof value !== 'string'
    ) {
      throw new MappingError(
        `key ${attribute}: ${property} must be a ${propertyType === 'N' ? 'number' : propertyType === 'B' ? 'Uint8Array' : 'string'}, got ${typeof value}`,
        undefined,
        property,
      );
    }
    if (propertyType === 'N' && !Number.isFinite(value))
      throw new MappingError(`key ${attribute}: ${property} is not finite`);
    if ((typeof value === 'string' || value instanceof Uint8Array) && value.length === 0) {
      throw new MappingError(
        `key ${attribute}: ${property} is empty; DynamoDB keys cannot be empty`,
        undefined,
        property,
      );
    }
    return head === undefined ? (value as string | number | Uint8Array) : head + String(value);
  };

  return {
    attribute,
    scalar,
    kind: 'simple',
    properties: [property],
    template: undefined,
    leadingProperty: undefined,
    partNames: new Map(),
    format,
    prefix(value) {
      if (scalar !== 'S' || typeof value !== 'string') {
        throw new MappingError(
          scalar !== 'S'
            ? `key ${attribute} is not a string, so it has no prefix to compare`
            : `key ${attribute}: the start of ${property} must be a string, got ${typeof value}`,
          undefined,
          property,
        );
      }
      return (head ?? '') + value;
    },
    fromObject(source) {
      return keyAttributeValue(format((source as Record<string, unknown>)[property]));
    },
    matches(stored) {
      if (head !== undefined) return stored.S?.startsWith(head) === true;
      return isScalar(stored, scalar);
    },
    toObject(stored, target) {
      if (head === undefined) {
        target[property] =
          propertyType === 'N' ? storedKeyNumber(stored.N, attribute) : propertyType === 'B' ? stored.B : stored.S;
        return;
      }
      const s = stored.S;
      if (s === undefined || !s.startsWith(head)) {
        throw new MappingError(
          `key ${attribute} is ${JSON.stringify(s)}, which does not start with ${JSON.stringify(head)}`,
        );
      }
      const rest = s.slice(head.length);
      target[property] = propertyType === 'N' ? storedKeyNumberText(rest, attribute) : rest;
    },
  };
}

interface TemplatePart {
  readonly literal: string;
  readonly property?: string;
}

/** Parses `TENANT#{tenantId}#USER#{userId}` into literal text and property parts. */
export function parseKeyTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  const re = /\{([A-Za-z_$][A-Za-z0-9_$]*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    parts.push({ literal: template.slice(last, m.index), property: m[1] });
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  if (parts.length === 0) return `template ${JSON.stringify(template)} has no {property} part`;
  if (/[{}]/.test(parts.map((p) => p.literal).join('') + tail))
    return `template ${JSON.stringify(template)} has a stray brace`;
  parts.push({ literal: tail });
  return parts;
}

/**
 * A composite key. Part values may not contain the template's separator
 * characters: `userId = 'x#TENANT#other'` would otherwise forge a key that
 * reads back as another tenant's.
 */
export function templateKey(
  attribute: string,
  template: string,
  parts: readonly TemplatePart[],
  numericProperties: ReadonlySet<string>,
  partNames: ReadonlyMap<string, string> = new Map(),
): CompiledKey {
  const separators = new Set([...parts.map((p) => p.literal).join('')].filter((c) => !/[A-Za-z0-9]/.test(c)));
  const properties = parts.flatMap((p) => (p.property ? [p.property] : []));
  // Whether a stored key is one of this template: its parts read as write() writes them, without the separator
  // characters. Read more loosely, a stored key of a nested item (`TASK#t1#COMMENT#c1`) would fit its parent's
  // template (`TASK#{taskId}`) as taskId 't1#COMMENT#c1'. (`u`: a separator may be an astral character.)
  const patternOf = (part: string) =>
    new RegExp(`^${parts.map((p) => escapeRegExp(p.literal) + (p.property ? part : '')).join('')}$`, 'u');
  const exact = patternOf(
    separators.size === 0 ? '(.+?)' : `([^${[...separators].map(escapeClassCharacter).join('')}]+)`,
  );
  // The parts of a key of an item known to be of this class (its discriminator says so): one another tool
  // wrote with a separator inside a part is still read, as it was stored.
  const loose = patternOf('(.+?)');

  /** `leading`: stop at the first missing part (a prefix) instead of refusing it. */
  const write = (value: unknown, leading: boolean): string => {
    if (typeof value !== 'object' || value === null) {
      throw new MappingError(`key ${attribute} (${template}) needs an object with ${properties.join(', ')}`);
    }
    let out = '';
    for (const part of parts) {
      out += part.literal;
      if (!part.property) continue;
      const v = (value as Record<string, unknown>)[part.property];
      if ((v === undefined || v === null) && leading) return out;
      if (v === undefined || v === null) missing(part.property, attribute);
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw new MappingError(
          `key ${attribute}: ${part.property} must be a string or number`,
          undefined,
          part.property,
        );
      }
      const s = String(v);
      if (s.length === 0)
        throw new MappingError(`key ${attribute}: ${part.property} is empty`, undefined, part.property);
      for (const c of separators) {
        if (s.includes(c)) {
          throw new MappingError(
            `key ${attribute}: ${part.property} ${JSON.stringify(s)} contains '${c}', which separates the parts of ${template}`,
            undefined,
            part.property,
          );
        }
      }
      out += s;
    }
    return out;
  };
  const format = (value: unknown): string => write(value, false);

  return {
    attribute,
    scalar: 'S',
    kind: 'template',
    properties,
    template,
    leadingProperty: parts[0]?.property,
    partNames,
    format,
    prefix: (value) => write(value, true),
    fromObject: (source) => ({ S: format(source) }),
    matches: (stored) => stored.S !== undefined && exact.test(stored.S),
    toObject(stored, target, item) {
      const m = stored.S === undefined ? null : (exact.exec(stored.S) ?? loose.exec(stored.S));
      if (!m) return;
      properties.forEach((p, i) => {
        const text = m[i + 1] as string;
        const name = partNames.get(p);
        if (item !== undefined && name !== undefined && item[name] !== undefined && String(target[p]) !== text) {
          throw new MappingError(
            `the item is inconsistent: ${p} is stored as ${JSON.stringify(target[p])} but key ${attribute} = ${JSON.stringify(stored.S)} says ${JSON.stringify(text)} (${template}); ` +
              "the key is the item's identity, so the stored part was changed by something other than this entity (an update of a key part, another tool)",
            undefined,
            p,
          );
        }
        target[p] = numericProperties.has(p) ? storedKeyNumberText(text, attribute) : text;
      });
    },
  };
}

/** A character as a member of a regular expression's character class. */
function escapeClassCharacter(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
