/**
 * Expression templates: `status = {0}`-style DynamoDB expressions compiled
 * once and rendered per request with aliased names and value placeholders.
 */

export { bindTemplate, compileExpression, MAX_CACHED_EXPRESSIONS, projectionOf } from './compile.js';
export { defaultValueConverter, ExpressionContext } from './expression-context.js';
export { escapeName } from './names.js';
export { SPEC_NAMES } from './specs.js';
export type {
  CompiledExpression,
  ExpressionAttributesSink,
  ExpressionKind,
  ExtraUpdateActions,
  KeyConditionShape,
  SortKeyOperator,
  UpdateClause,
  ValueConverter,
  ValueSlot,
} from './types.js';
