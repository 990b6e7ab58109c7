import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PathElement } from './ast.js';

/** Which DynamoDB expression grammar a template is parsed with. */
export type ExpressionKind = 'condition' | 'keyCondition' | 'update' | 'projection';

/**
 * One `{n}` / `{n:spec}` placeholder of a template, with what the grammar says
 * about it, so the builder can convert the value with the attribute's own
 * converter (a Date compared with an epoch-stored TTL attribute, say).
 */
export interface ValueSlot {
  /** n of `{n}`. */
  readonly index: number;
  /** spec of `{n:spec}`, e.g. `o` or `ttl`. */
  readonly spec: string | undefined;
  /**
   * Top-level attribute name whose whole value this value stands for, when the
   * grammar makes that plain and the path has no sub-path: `a = {0}`,
   * `{0} < a`, `a BETWEEN {0} AND {1}`, `a IN ({0}, {1})`, SET `a = {0}`,
   * SET `a = if_not_exists(a, {0})` (or of another path: the value still becomes a's), `ADD a {0}`,
   * `DELETE a {0}`.
   * Undefined elsewhere (function arguments such as begins_with/contains,
   * arithmetic, nested paths like `a.b`).
   */
  readonly attribute: string | undefined;
  /** What the value is placed against, when the grammar says (set when the template is bound to a table). */
  readonly relation?: ValueRelation;
  /**
   * The converter of the attribute the value is placed against, chosen when the template was bound to
   * an entity (see TemplateBinder); undefined: the table converts by the value's own type.
   */
  readonly convert?: (value: unknown) => AttributeValue;
}

/**
 * How a value relates to the attribute path it is placed against:
 * - `value`: it is the attribute's value (`a = {0}`, `a IN (...)`, `BETWEEN`, `SET a = {0}`, `ADD`, `DELETE`,
 *   `if_not_exists(a, {0})`);
 * - `prefix`: `begins_with(a, {0})`; `element`: `contains(a, {0})`; `number`: `size(a) < {0}`, `a + {0}`;
 * - `list`: `list_append(a, {0})`; `type`: `attribute_type(a, {0})`.
 */
export type ValueRole = 'value' | 'prefix' | 'element' | 'number' | 'list' | 'type';

export interface ValueRelation {
  /** The path, with stored names once bound; starts with a name or a name placeholder. */
  readonly path: readonly PathElement[];
  readonly role: ValueRole;
  /** role `value`: the comparison or action (`=`, `<>`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `IN`, `SET`, `ADD`, `DELETE`). */
  readonly op?: string;
}

/**
 * What a table knows about its attributes, to bind a template to it once: every path's names are checked
 * and become stored names, and every value gets the converter of what it is placed against.
 */
export interface TemplateBinder {
  /**
   * The path with stored names (the first element keeps the name as written in `written`), or a refusal:
   * the element at `element` names nothing declared.
   */
  path(elements: readonly PathElement[]): readonly PathElement[] | PathRefusal;
  /** The converter of a value (spec already applied), or undefined to convert by the value's own type. */
  converter(
    relation: ValueRelation,
    slot: { readonly index: number; readonly spec: string | undefined },
  ): ((value: unknown) => AttributeValue) | undefined;
  /** The declared type of a bound path, when the table fixes it (undefined: any type; never refused). */
  typeOf?(path: readonly PathElement[]): DeclaredType | undefined;
}

/** What DynamoDB stores for an attribute, as the table declares it. */
export interface DeclaredType {
  readonly dynamo: 'S' | 'N' | 'B' | 'BOOL' | 'SET' | 'L' | 'M';
  /** The declared type (`String`, `Date`, ...): values copied between attributes must agree on it. */
  readonly typeName: string;
  /** For messages: `a Boolean attribute`. */
  readonly described: string;
}

export interface PathRefusal {
  readonly element: number;
  readonly problem: string;
  readonly fix: string;
}

export type UpdateClause = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

export type SortKeyOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';

/** The structure of a key condition, for checks against a key schema. */
export interface KeyConditionShape {
  readonly partition: { readonly attribute: string; readonly slot: ValueSlot };
  readonly sort?: {
    readonly attribute: string;
    readonly operator: SortKeyOperator;
    readonly slots: readonly ValueSlot[];
  };
}

/** One action of an update template, as the library needs to see it (key and index checks). */
export interface UpdateAssignment {
  readonly clause: UpdateClause;
  /** The top-level attribute name the action writes. */
  readonly attribute: string;
  /** The action writes below the top level (`a.b`, `a[0]`), not the attribute's whole value. */
  readonly nested: boolean;
  /** SET only: the placeholder when the new value is exactly one value (`SET a = {0}`); undefined otherwise. */
  readonly value: ValueSlot | undefined;
}

/** Extra actions the library adds to a user's update expression (already rendered with ctx aliases). */
export type ExtraUpdateActions = Partial<Record<UpdateClause, readonly string[]>>;

/**
 * Checks the value of a name placeholder `#{n}` and returns the stored attribute name it stands for;
 * throws ExpressionError for a value that names no attribute.
 */
export type NameResolver = (value: unknown, index: number) => string;

/** Turns a value (after its spec was applied) into an AttributeValue. */
export type ValueConverter = (value: unknown, slot: ValueSlot) => AttributeValue;

/**
 * A template parsed and validated once, cached by (kind, template), and
 * rendered cheaply for each request.
 */
export interface CompiledExpression {
  readonly kind: ExpressionKind;
  readonly template: string;
  /** Every placeholder in order of appearance (an index may appear more than once). */
  readonly slots: readonly ValueSlot[];
  /** How many values the template needs: highest index + 1 (0 when it has none). */
  readonly valueCount: number;
  /** Top-level attribute names the expression refers to anywhere. */
  readonly attributes: ReadonlySet<string>;
  /** update only: top-level attribute names written by SET/REMOVE/ADD/DELETE (empty for other kinds). */
  readonly assigned: ReadonlySet<string>;
  /** update only: every action, in template order (empty for other kinds). */
  readonly assignments: readonly UpdateAssignment[];
  /** update only: the clauses the template has. */
  readonly clauses: ReadonlySet<UpdateClause>;
  /** keyCondition only. */
  readonly keyCondition: KeyConditionShape | undefined;
  /**
   * Writes the expression for one request: every name segment becomes a `#`
   * alias and every value a `:` placeholder registered in `ctx`. `values`
   * must have exactly `valueCount` entries (ExpressionError otherwise).
   * For `update`, `extra` actions are merged into their clauses (DynamoDB
   * allows each clause once).
   */
  render(ctx: ExpressionAttributesSink, values: readonly unknown[], extra?: ExtraUpdateActions): string;
  /** update only: each clause's actions, rendered without the keyword, to merge into another update's clauses. */
  renderActions(ctx: ExpressionAttributesSink, values: readonly unknown[]): ExtraUpdateActions;
}

/** What `render` registers names and values with (implemented by ExpressionContext). */
export interface ExpressionAttributesSink {
  /** Alias of one path segment (an attribute name), e.g. `#n0`; the same segment gets the same alias. */
  name(segment: string): string;
  /** Placeholder of one value, e.g. `:v0`; converted with the context's converter. */
  value(value: unknown, slot: ValueSlot): string;
  /** Alias of the attribute named by the value of a name placeholder `#{index}`, checked by the context's resolver. */
  attributeName(value: unknown, index: number): string;
}
