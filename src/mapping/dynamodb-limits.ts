/**
 * DynamoDB's limits on what one request may hold, as its developer guide lists them on the page
 * "Constraints in Amazon DynamoDB"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html): a request over one
 * is refused whole with a ValidationException. The library checks them before sending, to name the item,
 * key or value at fault; the checks import the numbers from here (sizes are binary: 1 KB = 1024 bytes).
 */

/** An item, attribute names included (and so any single value of a template). */
export const MAX_ITEM_BYTES = 400 * 1024;
/** A partition key value (at least 1 byte). */
export const MAX_PARTITION_KEY_BYTES = 2048;
/** A sort key value (at least 1 byte). */
export const MAX_SORT_KEY_BYTES = 1024;
/**
 * Levels of nesting: the item is the first, a top-level map or list the second. DynamoDB Local refuses a
 * 32nd map or list inside each other (checked by test/reliability/limits.test.ts), so 31 maps or lists
 * hold at most scalars.
 */
export const MAX_NESTING = 32;

/** Significant digits of a number. */
export const MAX_NUMBER_DIGITS = 38;
/** Numbers are below this in magnitude (the largest is 9.9999999999999999999999999999999999999E+125)... */
export const MAX_NUMBER_MAGNITUDE = 1e126;
/** ...and, unless zero, at least this. */
export const MIN_NUMBER_MAGNITUDE = 1e-130;

/** Operands of the IN comparator in a condition. */
export const MAX_IN_OPERANDS = 100;

/** Operations of one TransactWriteItems or TransactGetItems. */
export const MAX_TRANSACTION_OPERATIONS = 100;
/** The items of one transaction together. */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** Keys of one BatchGetItem. */
export const MAX_BATCH_GET_KEYS = 100;
/** Puts and deletes of one BatchWriteItem. */
export const MAX_BATCH_WRITE_ITEMS = 25;
