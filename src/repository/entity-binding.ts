import { bindTemplate } from '../expressions/compile.js';
import type { CompiledExpression, TemplateBinder } from '../expressions/types.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import { type DeclaredAttributes, declaredAttributes, sharedDeclaredAttributes } from './declared-attributes.js';
import { declaredType } from './declared-types.js';
import { checkPath } from './template-paths.js';
import { slotConverter } from './template-values.js';

/**
 * Binds templates to an entity (see TemplateBinder): names checked and mapped to stored names, values
 * given their attribute's converter. Each template is bound once per repository; the compiled template
 * is the cache key, so a template dropped from the compile cache is dropped here too.
 */
export function entityBinding(
  metadata: EntityMetadata,
  declared: DeclaredAttributes,
): (expression: CompiledExpression) => CompiledExpression {
  return cached({
    path: (elements) => checkPath(declared, elements),
    converter(relation, slot) {
      // With a spec, the spec decides; a name placeholder's attribute is known only when rendered.
      const name = relation.path[0]?.name;
      if (slot.spec !== undefined || name === undefined) return undefined;
      const top = declared.byStored.get(name);
      return top && slotConverter(metadata.name, top, relation, slot.index);
    },
    typeOf(path) {
      const name = path[0]?.name;
      const top = name === undefined ? undefined : declared.byStored.get(name);
      return top && declaredType(top, path);
    },
  });
}

/**
 * Binds the templates of a table shared by several entities (single-table queries and scans): names
 * are checked against all of them; values are converted by their own type, since the entities' keys
 * and attributes may be stored differently.
 */
export function sharedTableBinding(
  metadata: readonly EntityMetadata[],
): (expression: CompiledExpression) => CompiledExpression {
  const declared = sharedDeclaredAttributes(metadata.map(declaredAttributes));
  return cached({ path: (elements) => checkPath(declared, elements), converter: () => undefined });
}

function cached(binder: TemplateBinder): (expression: CompiledExpression) => CompiledExpression {
  const bound = new WeakMap<CompiledExpression, CompiledExpression>();
  return (expression) => {
    let result = bound.get(expression);
    if (result === undefined) {
      result = bindTemplate(expression, binder);
      bound.set(expression, result);
    }
    return result;
  };
}
