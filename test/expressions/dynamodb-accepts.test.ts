/**
 * What the compiler produces, DynamoDB accepts: generated templates (with
 * values whose types fit the seed item) are rendered and sent to DynamoDB
 * Local in real UpdateItem, Query and Scan requests, which must succeed (a
 * failed condition check is a success too). Compiling templates that were
 * randomly broken must not produce anything DynamoDB calls a syntax error
 * either: the compiler refuses what DynamoDB would refuse.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import test from 'ava';
import fc from 'fast-check';
import { ExpressionError } from '../../src/errors/errors.js';
import {
  type CompiledExpression,
  compileExpression,
  ExpressionContext,
  type ExpressionKind,
} from '../../src/expressions/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import {
  assemble,
  conditionArb,
  distinctiveValues,
  type Frag,
  type Generated,
  keyConditionArb,
  mutatedArb,
  PATHS,
  projectionArb,
  seedItem,
  updateArb,
} from './generators.js';

const RUNS = 150;
const PARTITION = 'P#1';

const client = testClient();
const table = uniqueTableName('expressions-accepts');

test.before(async () => {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  for (let i = 0; i < 5; i++) {
    await client.send(new PutItemCommand({ TableName: table, Item: seedItem(PARTITION, `S#${i}`) }));
  }
});

test.after.always(async () => {
  await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  client.destroy();
});

function generated(frag: fc.Arbitrary<Frag>): fc.Arbitrary<Generated> {
  return fc.tuple(frag, fc.nat(20)).map(([f, rotation]) => assemble(f, rotation));
}

const values = distinctiveValues;
const anyCondition = generated(conditionArb({ paths: PATHS, values, depth: 2 }));
/** Query filters cannot refer to key attributes. */
const filterCondition = generated(conditionArb({ paths: PATHS.filter((p) => !p.key), values, depth: 2 }));
const keyCondition = generated(keyConditionArb(values, fc.constantFrom(PARTITION, 'P#2')));
const update = generated(updateArb(values));
const projection = projectionArb();

interface Rendered {
  readonly kind: ExpressionKind;
  readonly template: string;
  readonly text: string;
}

function renderInto(
  ctx: ExpressionContext,
  rendered: Rendered[],
  kind: ExpressionKind,
  g: Pick<Generated, 'template' | 'values'>,
): string {
  const text = compileExpression(kind, g.template).render(ctx, g.values);
  rendered.push({ kind, template: g.template, text });
  return text;
}

/** Sends a request; a failed condition check counts as accepted. Anything else fails, with what was sent. */
async function accepted(
  send: () => Promise<unknown>,
  ctx: ExpressionContext,
  rendered: readonly Rendered[],
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw new Error(
      `DynamoDB refused ${JSON.stringify(rendered)} with ${JSON.stringify(ctx.names)} ${JSON.stringify(ctx.values)}: ${String(error)}`,
    );
  }
}

let itemCounter = 0;

/** A fresh copy of the seed item to update, so every update meets the attribute types it was generated for. */
async function freshItem(): Promise<Record<string, AttributeValue>> {
  const key = { pk: { S: 'U' }, sk: { S: `U#${itemCounter++}` } };
  await client.send(new PutItemCommand({ TableName: table, Item: seedItem('U', key.sk.S) }));
  return key;
}

test.serial('UpdateItem accepts generated update expressions and conditions, with extra actions merged', async (t) => {
  await fc.assert(
    fc.asyncProperty(update, fc.option(anyCondition, { nil: undefined }), fc.boolean(), async (u, condition, extra) => {
      const key = await freshItem();
      const ctx = new ExpressionContext();
      const rendered: Rendered[] = [];
      const compiled = compileExpression('update', u.template);
      // What a builder adds for @UpdatedAt / @Version, on attributes the template does not write.
      const extraActions = extra
        ? {
            SET: [
              `${ctx.name('touchedAt')} = ${ctx.value(new Date().toISOString(), { index: 0, spec: undefined, attribute: 'touchedAt' })}`,
            ],
            ADD: [`${ctx.name('revision')} ${ctx.value(1, { index: 0, spec: undefined, attribute: 'revision' })}`],
          }
        : undefined;
      const updateText = compiled.render(ctx, u.values, extraActions);
      rendered.push({ kind: 'update', template: u.template, text: updateText });
      const conditionText = condition === undefined ? undefined : renderInto(ctx, rendered, 'condition', condition);
      await accepted(
        () =>
          client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: key,
              UpdateExpression: updateText,
              ConditionExpression: conditionText,
              ExpressionAttributeNames: ctx.names,
              ExpressionAttributeValues: ctx.values,
            }),
          ),
        ctx,
        rendered,
      );
    }),
    { numRuns: RUNS, includeErrorInReport: true },
  );
  t.pass();
});

test.serial('Query accepts generated key conditions, filters and projections', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      keyCondition,
      fc.option(filterCondition, { nil: undefined }),
      fc.option(projection, { nil: undefined }),
      async (key, filter, projected) => {
        const ctx = new ExpressionContext();
        const rendered: Rendered[] = [];
        const keyText = renderInto(ctx, rendered, 'keyCondition', key);
        const filterText = filter === undefined ? undefined : renderInto(ctx, rendered, 'condition', filter);
        const projectionText =
          projected === undefined
            ? undefined
            : renderInto(ctx, rendered, 'projection', { template: projected, values: [] });
        await accepted(
          () =>
            client.send(
              new QueryCommand({
                TableName: table,
                KeyConditionExpression: keyText,
                FilterExpression: filterText,
                ProjectionExpression: projectionText,
                ExpressionAttributeNames: ctx.names,
                ExpressionAttributeValues: ctx.values,
              }),
            ),
          ctx,
          rendered,
        );
      },
    ),
    { numRuns: RUNS, includeErrorInReport: true },
  );
  t.pass();
});

test.serial('Scan accepts generated filters', async (t) => {
  await fc.assert(
    fc.asyncProperty(anyCondition, async (filter) => {
      const ctx = new ExpressionContext();
      const rendered: Rendered[] = [];
      const filterText = renderInto(ctx, rendered, 'condition', filter);
      await accepted(
        () =>
          client.send(
            new ScanCommand({
              TableName: table,
              // DynamoDB checks the whole expression before reading: a few items are enough.
              Limit: 10,
              FilterExpression: filterText,
              ExpressionAttributeNames: ctx.names,
              ExpressionAttributeValues: ctx.values,
            }),
          ),
        ctx,
        rendered,
      );
    }),
    { numRuns: RUNS, includeErrorInReport: true },
  );
  t.pass();
});

// ------------------------------------------------------------ broken templates that still compile

/**
 * DynamoDB's answers to a malformed expression (as opposed to one that is
 * well formed but meets values or attributes of other types).
 */
const SYNTAX_ERROR =
  /Syntax error|redundant parentheses|Two document paths|not allowed to be used this way|not allowed in an? |Incorrect number of operands|requires a document path|can only be used once|unused in|not defined|Invalid operator used in KeyConditionExpression|Multiple attribute names/i;

/** A value per index, a Date where a date spec asks for one. */
function valuesFor(compiled: CompiledExpression): unknown[] {
  const out: unknown[] = Array.from({ length: compiled.valueCount }, (_, i) => `zqvalue${i}`);
  for (const slot of compiled.slots) {
    if (slot.spec === 'o' || slot.spec === 'ttl' || slot.spec === 'ms')
      out[slot.index] = new Date(86_400_000 * (slot.index + 1));
  }
  return out;
}

function compiledOrUndefined(kind: ExpressionKind, template: string): CompiledExpression | undefined {
  try {
    return compileExpression(kind, template);
  } catch (error) {
    if (error instanceof ExpressionError) return undefined;
    throw error;
  }
}

/** Sends a request; fails only when DynamoDB calls the expression malformed. */
async function notMalformed(send: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await send();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (SYNTAX_ERROR.test(message)) throw new Error(`DynamoDB called ${what} malformed: ${message}`);
  }
}

test.serial('templates broken at random either fail to compile or are well formed for DynamoDB', async (t) => {
  let sent = 0;
  const brokenUpdates = mutatedArb(update.map((g) => g.template));
  const brokenConditions = mutatedArb(anyCondition.map((g) => g.template));
  const brokenKeys = mutatedArb(keyCondition.map((g) => g.template));
  await fc.assert(
    fc.asyncProperty(
      brokenUpdates,
      brokenConditions,
      brokenKeys,
      async (updateTemplate, conditionTemplate, keyTemplate) => {
        const updateCompiled = compiledOrUndefined('update', updateTemplate);
        if (updateCompiled !== undefined) {
          sent++;
          const key = await freshItem();
          const ctx = new ExpressionContext();
          const text = updateCompiled.render(ctx, valuesFor(updateCompiled));
          await notMalformed(
            () =>
              client.send(
                new UpdateItemCommand({
                  TableName: table,
                  Key: key,
                  UpdateExpression: text,
                  ExpressionAttributeNames: ctx.names,
                  ExpressionAttributeValues: ctx.values,
                }),
              ),
            `${JSON.stringify(updateTemplate)} -> ${JSON.stringify(text)}`,
          );
        }
        const conditionCompiled = compiledOrUndefined('condition', conditionTemplate);
        if (conditionCompiled !== undefined) {
          sent++;
          const ctx = new ExpressionContext();
          const text = conditionCompiled.render(ctx, valuesFor(conditionCompiled));
          await notMalformed(
            () =>
              client.send(
                new ScanCommand({
                  TableName: table,
                  Limit: 10,
                  FilterExpression: text,
                  ExpressionAttributeNames: ctx.names,
                  ExpressionAttributeValues: ctx.values,
                }),
              ),
            `${JSON.stringify(conditionTemplate)} -> ${JSON.stringify(text)}`,
          );
        }
        const keyCompiled = compiledOrUndefined('keyCondition', keyTemplate);
        if (keyCompiled !== undefined) {
          sent++;
          const ctx = new ExpressionContext();
          const text = keyCompiled.render(ctx, valuesFor(keyCompiled));
          await notMalformed(
            () =>
              client.send(
                new QueryCommand({
                  TableName: table,
                  KeyConditionExpression: text,
                  ExpressionAttributeNames: ctx.names,
                  ExpressionAttributeValues: ctx.values,
                }),
              ),
            `${JSON.stringify(keyTemplate)} -> ${JSON.stringify(text)}`,
          );
        }
      },
    ),
    { numRuns: RUNS, includeErrorInReport: true },
  );
  t.log(`${sent} broken-but-compiling expressions sent`);
  t.pass();
});
