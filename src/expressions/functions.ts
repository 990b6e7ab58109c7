/**
 * The DynamoDB functions a template may call, where each may appear and what
 * each argument may be. The rules follow the DynamoDB grammar (and what
 * DynamoDB Local accepts), restricted to the documented forms, so that a
 * template that compiles is one DynamoDB parses.
 */
import type { Operand } from './ast.js';

/**
 * Where a function may appear:
 * - `condition`: a condition by itself (attribute_exists(a), begins_with(a, {0}));
 * - `operand`: a value inside a condition (size(a) > {0});
 * - `update`: a value of a SET action (if_not_exists, list_append).
 */
export type FunctionRole = 'condition' | 'operand' | 'update';

/**
 * What one argument may be:
 * - `path`: a document path;
 * - `value`: a placeholder {n};
 * - `pathOrValue`;
 * - `conditionOperand`: path, value or size(path);
 * - `updateOperand`: path, value or if_not_exists(...) (list_append may not be nested).
 */
export type ArgumentRule = 'path' | 'value' | 'pathOrValue' | 'conditionOperand' | 'updateOperand';

export interface FunctionSpec {
  readonly name: string;
  readonly role: FunctionRole;
  readonly args: readonly ArgumentRule[];
  /** How to call it, for error messages. */
  readonly usage: string;
}

const FUNCTION_LIST: readonly FunctionSpec[] = [
  { name: 'attribute_exists', role: 'condition', args: ['path'], usage: 'attribute_exists(path)' },
  { name: 'attribute_not_exists', role: 'condition', args: ['path'], usage: 'attribute_not_exists(path)' },
  {
    name: 'attribute_type',
    role: 'condition',
    args: ['path', 'value'],
    usage: 'attribute_type(path, {n}) with a type name (S, SS, N, NS, B, BS, BOOL, NULL, L or M) as the value',
  },
  { name: 'begins_with', role: 'condition', args: ['path', 'pathOrValue'], usage: 'begins_with(path, {n})' },
  { name: 'contains', role: 'condition', args: ['path', 'conditionOperand'], usage: 'contains(path, {n})' },
  { name: 'size', role: 'operand', args: ['path'], usage: 'size(path), compared with something: size(path) > {n}' },
  {
    name: 'if_not_exists',
    role: 'update',
    args: ['path', 'updateOperand'],
    usage: 'SET path = if_not_exists(path, {n})',
  },
  {
    name: 'list_append',
    role: 'update',
    args: ['updateOperand', 'updateOperand'],
    usage: 'SET path = list_append(path, {n}) (or list_append({n}, path) to prepend)',
  },
];

const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTION_LIST.map((f) => [f.name, f]));

export function lookupFunction(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name);
}

/** Function names usable in a role, for "unknown function" messages. */
export function functionNames(roles: readonly FunctionRole[]): string[] {
  return FUNCTION_LIST.filter((f) => roles.includes(f.role)).map((f) => f.name);
}

/** The known function whose name differs only in case (`Size` -> `size`), for "did you mean". */
export function functionNamedLike(name: string): string | undefined {
  const lower = name.toLowerCase();
  return FUNCTION_LIST.find((f) => f.name === lower)?.name;
}

const RULE_DESCRIPTIONS: Readonly<Record<ArgumentRule, string>> = {
  path: 'a document path',
  value: 'a value placeholder {n}',
  pathOrValue: 'a document path or a value placeholder {n}',
  conditionOperand: 'a document path, a value placeholder {n} or size(path)',
  updateOperand: 'a document path, a value placeholder {n} or if_not_exists(path, {n})',
};

export function describeRule(rule: ArgumentRule): string {
  return RULE_DESCRIPTIONS[rule];
}

/** Whether an argument satisfies a rule. */
export function argumentFits(rule: ArgumentRule, arg: Operand): boolean {
  switch (rule) {
    case 'path':
      return arg.type === 'path';
    case 'value':
      return arg.type === 'value';
    case 'pathOrValue':
      return arg.type !== 'call';
    case 'conditionOperand':
      return arg.type !== 'call' || arg.name === 'size';
    case 'updateOperand':
      return arg.type !== 'call' || arg.name === 'if_not_exists';
  }
}

/** "a document path", "{0}", "size()", for messages about a misplaced argument. */
export function describeOperand(arg: Operand): string {
  switch (arg.type) {
    case 'path':
      return 'a document path';
    case 'value':
      return `the value placeholder {${arg.index}}`;
    case 'call':
      return `${arg.name}()`;
  }
}
