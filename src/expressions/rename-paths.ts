/**
 * Binding a template to a table starts here: every path of the parsed tree is
 * handed to the table's binder, which checks its names and returns them as
 * stored names (a property name becomes its attribute's name). The tree keeps
 * its shape and its value nodes (the key condition refers to them), so the
 * emitter works on a bound tree exactly as on an unbound one.
 */
import type {
  ConditionNode,
  Operand,
  PathElement,
  PathNode,
  SetValueNode,
  UpdateActionNode,
  UpdateClauseNode,
} from './ast.js';
import { templateError } from './fail.js';
import { findOverlap } from './overlap.js';
import type { ParsedTemplate } from './parser.js';
import type { ExpressionKind, TemplateBinder } from './types.js';

export function renamePaths(
  kind: ExpressionKind,
  template: string,
  parsed: ParsedTemplate,
  binder: TemplateBinder,
): ParsedTemplate {
  const path = (node: PathNode): PathNode => {
    const bound = binder.path(node.elements);
    if ('problem' in bound) {
      // Name elements carry no position of their own; the path's start points at the right place.
      throw templateError(kind, template, node.pos, bound.problem, bound.fix);
    }
    return bound === node.elements ? node : { ...node, elements: bound as PathElement[] };
  };
  const operand = (node: Operand): Operand => {
    if (node.type === 'path') return path(node);
    if (node.type === 'call') return { ...node, args: node.args.map(operand) };
    return node;
  };
  const condition = (node: ConditionNode): ConditionNode => {
    switch (node.type) {
      case 'compare':
        return { ...node, left: operand(node.left), right: operand(node.right) };
      case 'between':
        return { ...node, subject: operand(node.subject), low: operand(node.low), high: operand(node.high) };
      case 'in':
        return { ...node, subject: operand(node.subject), list: node.list.map(operand) };
      case 'call':
        return { ...node, args: node.args.map(operand) };
      case 'not':
        return { ...node, item: condition(node.item) };
      case 'and':
      case 'or':
        return { ...node, items: node.items.map(condition) };
    }
  };
  const setValue = (node: SetValueNode): SetValueNode =>
    node.type === 'arithmetic' ? { ...node, left: operand(node.left), right: operand(node.right) } : operand(node);
  const action = (node: UpdateActionNode): UpdateActionNode => {
    switch (node.clause) {
      case 'SET':
        return { ...node, target: path(node.target), value: setValue(node.value) };
      case 'REMOVE':
        return { ...node, target: path(node.target) };
      case 'ADD':
      case 'DELETE':
        return { ...node, target: path(node.target) };
    }
  };
  const topName = (attribute: string, pos: number): string => {
    const bound = binder.path([{ name: attribute }]);
    if ('problem' in bound) throw templateError(kind, template, pos, bound.problem, bound.fix);
    return bound[0]?.name ?? attribute;
  };

  const bound = renamed();
  // Two names the template wrote differently may now be one attribute (a property and its stored name).
  if (bound.kind === 'update' || bound.kind === 'projection') {
    const paths = bound.kind === 'update' ? bound.clauses.flatMap((c) => c.actions.map((a) => a.target)) : bound.paths;
    const pair = findOverlap(paths);
    if (pair !== undefined) {
      const [earlier, later] = pair;
      throw templateError(
        kind,
        template,
        later.pos,
        `the path ${template.slice(later.pos, later.end)} names the same attribute as ${template.slice(earlier.pos, earlier.end)} at position ${earlier.pos}`,
        'a property name and its stored name are one attribute: keep only one of them',
      );
    }
  }
  return bound;

  function renamed(): ParsedTemplate {
    switch (parsed.kind) {
      case 'condition':
        return { kind: parsed.kind, root: condition(parsed.root) };
      case 'keyCondition': {
        const { partition, sort } = parsed.key;
        return {
          kind: parsed.kind,
          root: condition(parsed.root),
          key: {
            partition: { ...partition, attribute: topName(partition.attribute, partition.value.pos) },
            ...(sort === undefined
              ? {}
              : { sort: { ...sort, attribute: topName(sort.attribute, sort.values[0]?.pos ?? 0) } }),
          },
        };
      }
      case 'update':
        return {
          kind: parsed.kind,
          clauses: parsed.clauses.map(
            (clause): UpdateClauseNode => ({ ...clause, actions: clause.actions.map(action) }),
          ),
        };
      case 'projection':
        return { kind: parsed.kind, paths: parsed.paths.map(path) };
    }
  }
}
