import {
  type ConsumedCapacity,
  PutItemCommand,
  type PutItemCommandInput,
  type PutItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import { ExpressionContext } from '../../expressions/index.js';
import type { CheckedTemplate, TemplateValues } from '../../expressions/types/template.js';
import { checkItem } from '../../mapping/item-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { stampPut } from '../shared/managed-attributes.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { withTenantFilled } from '../shared/tenant-fill.js';
import { putVersionCheck, type VersionCheck } from '../shared/versioning.js';
import { writeCondition, writeFailure } from '../shared/write-condition.js';

interface PutState<T> extends BaseState {
  readonly entity?: T;
  readonly item?: AttributeMap;
  readonly conditions: readonly TemplateUse[];
  readonly returnValues?: 'NONE' | 'ALL_OLD';
  readonly skipVersionCheck?: boolean;
  readonly asNew?: boolean;
}

/** What a PutItem resolves to. */
export interface PutItemResult<T> {
  /** The entity as written: a copy with the new version and timestamps (the given object is not changed). */
  readonly item: T;
  /** The item it replaced, when returnValues('ALL_OLD') asked for it. */
  readonly attributes?: T;
  /** DynamoDB's report of the capacity consumed, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity?: ConsumedCapacity;
}

/** PutItem: `repo.put.withItem(user).where(...).execute()`. */
export class PutItemBuilder<T> extends BuilderBase<T, PutState<T>> {
  /** The item to write; converted at once, so a bad value fails here, before anything is sent. */
  withItem(entity: T): this {
    const filled = withTenantFilled(this.target, entity as T & object);
    return this.next({ entity: filled, item: this.target.toItem(filled) });
  }

  /** Condition for the write (several calls are joined with AND). */
  where<S extends string>(
    template: CheckedTemplate<T, S, 'condition'>,
    ...values: TemplateValues<T, S, 'condition'>
  ): this {
    return this.next({
      conditions: [...this.state.conditions, useTemplate(this.target, 'condition', template, values)],
    });
  }

  /** `ALL_OLD`: the result carries the item the put replaced (`attributes`); `NONE` (the default): nothing. */
  returnValues(mode: 'NONE' | 'ALL_OLD'): this {
    return this.next({ returnValues: mode });
  }

  /**
   * Overwrites whatever version is stored. The version written is the one the item carries plus one, which
   * can be lower than the stored one: a writer holding an old copy at that version then passes its check.
   */
  skipVersionCheck(skip = true): this {
    return this.next({ skipVersionCheck: skip });
  }

  /**
   * Writes the item as a new one, whatever version it carries: on condition that nothing is stored under
   * its key (ItemExistsError otherwise), with version 1. For moving an item to a new key: delete it under
   * its old key with expectVersion(n) and put it under the new one asNew(), in one transaction.
   */
  asNew(): this {
    return this.next({ asNew: true });
  }

  /** The PutItem input this builder sends, with timestamps taken at `at`. */
  toInput(at: Date = new Date()): PutItemCommandInput {
    return this.prepare(at).input;
  }

  /** @internal See OperationPlan. */
  plan(): OperationPlan {
    const item = this.requireItem().item;
    return {
      table: this.target.tableName,
      key: this.target.keyAttributes.length > 0 ? this.keyOf(item) : undefined,
      returnValues: this.state.returnValues,
      conditioned: this.state.conditions.length > 0,
      versionChecked: this.target.version !== undefined && !this.state.skipVersionCheck,
    };
  }

  private requireItem(): { entity: T; item: AttributeMap } {
    const { entity, item } = this.state;
    if (entity === undefined || item === undefined) {
      throw new InvalidRequestError(`${this.target.label}: put needs withItem(...) before execute()`);
    }
    return { entity, item };
  }

  private prepare(at: Date): { input: PutItemCommandInput; changes: Record<string, unknown>; check?: VersionCheck } {
    const { entity, item } = this.requireItem();
    const written = { ...item };
    const version = this.target.version;
    // As a new item, its version starts over; the caller's object keeps the one it had.
    const source = version && this.state.asNew ? { ...(entity as object), [version.property]: undefined } : entity;
    const changes = stampPut(this.target, source as T, written, at);
    // After stamping: the version and timestamps count toward the 400 KB too.
    checkItem(written, this.target.keyLimits, this.target.label);
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const check = putVersionCheck(this.target, source as object, this.state.skipVersionCheck === true);
    const input: PutItemCommandInput = { TableName: this.target.tableName, Item: written };
    const condition = writeCondition(this.target, ctx, this.state.conditions, check);
    if (condition) {
      input.ConditionExpression = condition;
      input.ExpressionAttributeNames = ctx.names;
      input.ExpressionAttributeValues = ctx.values;
    }
    if (check) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    if (this.state.returnValues) input.ReturnValues = this.state.returnValues;
    if (this.state.consumedCapacity) input.ReturnConsumedCapacity = this.state.consumedCapacity;
    return { input, changes, check };
  }

  /**
   * Sends the PutItem, with the item's version and timestamps set; the given object is not changed.
   *
   * @throws InvalidRequestError when no item was given, or it breaks a DynamoDB limit (size, empty key).
   * @throws ExpressionError when a condition template is wrong (not sent).
   * @throws TenantIsolationError when the item is outside the tenant scope (not sent).
   * @throws VersionConflictError when the item has a `@Version` and the stored version differs.
   * @throws ItemExistsError when a new `@Version` item (version unset) finds an item under its key.
   * @throws ConditionalCheckFailedError when a where() condition is false.
   * @throws DynamoRequestError when DynamoDB fails the request in another way.
   */
  async execute(): Promise<PutItemResult<T>> {
    const { input, changes, check } = this.prepare(new Date());
    const output = await this.sendOne<PutItemCommandOutput>(
      'PutItem',
      [{ kind: 'item', table: this.target.guarded, item: input.Item }],
      new PutItemCommand(input),
      writeFailure(this.target, this.keyOf(input.Item as AttributeMap), check),
    );
    const entity = this.state.entity as T;
    const item = Object.assign(Object.create(Object.getPrototypeOf(entity)), entity, changes) as T;
    return {
      item,
      attributes: output.Attributes ? this.target.fromItem(output.Attributes) : undefined,
      consumedCapacity: output.ConsumedCapacity,
    };
  }

  /** @internal A versioned put of an item whose version is unset: it creates only (transactions say so when refused). */
  get createsNew(): boolean {
    const version = this.target.version;
    const entity = this.state.entity as Record<string, unknown> | undefined;
    return (
      version !== undefined &&
      !this.state.skipVersionCheck &&
      (this.state.asNew === true || entity?.[version.property] === undefined)
    );
  }

  private keyOf(item: AttributeMap): AttributeMap {
    const key: AttributeMap = {};
    for (const name of this.target.keyAttributes) if (item[name]) key[name] = item[name];
    return key;
  }
}
