/**
 * Checks the paths of a template against an entity: the first name must be a declared attribute (by
 * property or stored name) and becomes its stored name; the names below a nested class are checked
 * against that class, as deep as the metadata knows. Paths below open-ended attributes (Object, Map,
 * untyped arrays, custom converters) are taken as written.
 */
import type { PathElement } from '../expressions/ast.js';
import { closestNames } from '../expressions/name-refusal.js';
import type { PathRefusal } from '../expressions/types.js';
import { compileShape } from '../metadata/compile-entity.js';
import type { CompiledAttribute } from '../metadata/compiled-types.js';
import { attributeType } from './attribute-type.js';
import type { Declared, DeclaredAttributes } from './declared-attributes.js';

export function checkPath(
  declared: DeclaredAttributes,
  elements: readonly PathElement[],
): readonly PathElement[] | PathRefusal {
  const first = elements[0];
  if (first?.name === undefined) return elements; // a name placeholder, checked when its value is known
  const top = declared.byWritten.get(first.name);
  if (top === undefined) {
    if (declared.open) return elements;
    const near = closestNames(first.name, declared.names);
    return {
      element: 0,
      problem: `${JSON.stringify(first.name)} is not an attribute of ${declared.label}`,
      fix:
        near.length > 0
          ? `did you mean ${near.join(' or ')}?`
          : `use one of ${declared.names.join(', ')} (or declare it with @Attribute(); @Table(name, { openAttributes: true }) allows undeclared names)`,
    };
  }
  const below = checkBelow(top, elements);
  if (!Array.isArray(below)) return below as PathRefusal;
  return top.stored === first.name && below === elements
    ? elements
    : [{ name: top.stored, written: first.name }, ...(below as PathElement[]).slice(1)];
}

/** The elements below the top-level attribute, checked and renamed where a nested class declares them. */
function checkBelow(top: Declared, elements: readonly PathElement[]): readonly PathElement[] | PathRefusal {
  if (elements.length === 1) return elements;
  const label = elements[0]?.name as string;
  if (top.kind !== 'attribute') {
    return { element: 1, problem: `${label} is a key, which has nothing below it`, fix: `compare ${label} itself` };
  }
  const out = [...elements];
  let attribute: CompiledAttribute | undefined = top.attribute;
  for (let i = 1; i < elements.length && attribute !== undefined; i++) {
    const element = elements[i] as PathElement;
    const nested: CompiledAttribute['nested'] = attribute.nested;
    if (nested === undefined) {
      // Below a list, a map or an open type, anything is accepted; a scalar or a set has nothing below it.
      const type = attributeType(attribute);
      if (type === undefined || type.dynamo === 'L' || type.dynamo === 'M') return out;
      return {
        element: i,
        problem: `${attribute.property} is a ${attribute.typeName} attribute, which has nothing below it`,
        fix: `compare ${attribute.property} itself`,
      };
    }
    if (nested.list && element.index === undefined) {
      return {
        element: i,
        problem: `${attribute.property} is a list of ${nested.ctor.name}`,
        fix: `index it: ${attribute.property}[0]`,
      };
    }
    if (nested.list) {
      // `items[0]`: the element; the name after it is checked against the element class.
      const next = elements[i + 1];
      if (next === undefined) return out;
      i++;
      const renamed = memberOf(nested.ctor, next, attribute.property, i);
      if ('problem' in renamed) return renamed;
      out[i] = { name: renamed.name };
      attribute = renamed;
      continue;
    }
    const renamed = memberOf(nested.ctor, element, attribute.property, i);
    if ('problem' in renamed) return renamed;
    out[i] = { name: renamed.name };
    attribute = renamed;
  }
  return out;
}

function memberOf(
  ctor: Parameters<typeof compileShape>[0],
  element: PathElement,
  parent: string,
  at: number,
): CompiledAttribute | PathRefusal {
  const shape = compileShape(ctor);
  const name = element.name;
  const found = name === undefined ? undefined : shape?.attributes.find((a) => a.name === name || a.property === name);
  if (found !== undefined) return found;
  const names = shape?.attributes.map((a) => a.property) ?? [];
  const near = name === undefined ? [] : closestNames(name, names);
  return {
    element: at,
    problem:
      name === undefined
        ? `${parent} is a ${ctor.name}, not a list`
        : `${JSON.stringify(name)} is not an attribute of ${ctor.name} (in ${parent})`,
    fix: near.length > 0 ? `did you mean ${near.join(' or ')}?` : `use one of ${names.join(', ')}`,
  };
}

/** The attribute at the end of a bound path (stored names), when the metadata knows it. */
export function attributeAt(top: Declared, path: readonly PathElement[]): CompiledAttribute | undefined {
  if (top.kind !== 'attribute') return undefined;
  let attribute: CompiledAttribute | undefined = top.attribute;
  for (let i = 1; i < path.length && attribute !== undefined; i++) {
    const nested: CompiledAttribute['nested'] = attribute.nested;
    if (nested === undefined) return undefined;
    if (nested.list && path[i]?.index === undefined) return undefined;
    if (nested.list) i++; // `items[0].name`: past the index, to the element's attribute
    const name = path[i]?.name;
    if (name === undefined) return undefined;
    attribute = compileShape(nested.ctor)?.attributes.find((a) => a.name === name);
  }
  return attribute;
}
