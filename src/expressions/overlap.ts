/**
 * DynamoDB rejects an update or projection in which two document paths
 * overlap ("Two document paths overlap with each other"): the same path
 * twice, or a path and a part of it (`a` and `a.b`, `tags` and `tags[0]`).
 * Sibling list elements (`tags[0]`, `tags[1]`) do not overlap.
 */
import type { PathElement, PathNode } from './ast.js';

function sameElement(a: PathElement, b: PathElement): boolean {
  if (a.name !== undefined) return a.name === b.name;
  if (a.index !== undefined) return a.index === b.index;
  return a.nameValue === b.nameValue;
}

/** Whether one path is the other or a prefix of it. */
export function pathsOverlap(a: PathNode, b: PathNode): boolean {
  const n = Math.min(a.elements.length, b.elements.length);
  for (let i = 0; i < n; i++) {
    if (!sameElement(a.elements[i], b.elements[i])) return false;
  }
  return true;
}

/** Whether two paths are the same path. */
export function samePath(a: PathNode, b: PathNode): boolean {
  return a.elements.length === b.elements.length && pathsOverlap(a, b);
}

/** The first pair [earlier, later] of overlapping paths, in source order. */
export function findOverlap(paths: readonly PathNode[]): [PathNode, PathNode] | undefined {
  for (let j = 1; j < paths.length; j++) {
    for (let i = 0; i < j; i++) {
      if (pathsOverlap(paths[i], paths[j])) return [paths[i], paths[j]];
    }
  }
  return undefined;
}
