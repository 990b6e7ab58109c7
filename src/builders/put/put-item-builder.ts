import { type ConsumedCapacity, PutItemCommand, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import { ExpressionContext } from '../../expressions/index.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { stampPut, versionCondition } from '../shared/managed-attributes.js';
import { sendMapped } from '../shared/send.js';
import type { AttributeMap } from '../shared/table-target.js';
import { renderConditions, type TemplateUse, useTemplate } from '../shared/template-use.js';

interface PutState<T> extends BaseState {
  readonly entity?: T;
  readonly item?: AttributeMap;
  readonly conditions: readonly TemplateUse[];
  readonly returnValues?: 'NONE' | 'ALL_OLD';
  readonly skipVersionCheck?: boolean;
}

export interface PutItemResult<T> {
  /** The entity as written: a copy with the new version and timestamps (the given object is not changed). */
  readonly item: T;
  /** The item it replaced, when returnValues('ALL_OLD') asked for it. */
  readonly attributes?: T;
  readonly consumedCapacity?: ConsumedCapacity;
}

/** PutItem: `repo.put.withItem(user).where(...).execute()`. */
export class PutItemBuilder<T> extends BuilderBase<T, PutState<T>> {
  /** The item to write; converted at once, so a bad value fails here, before anything is sent. */
  withItem(entity: T): this {
    return this.next({ entity, item: this.target.toItem(entity) });
  }

  /** Condition for the write (several calls are joined with AND). */
  where(template: string, ...values: unknown[]): this {
    return this.next({ conditions: [...this.state.conditions, useTemplate('condition', template, values)] });
  }

  returnValues(mode: 'NONE' | 'ALL_OLD'): this {
    return this.next({ returnValues: mode });
  }

  /** Overwrites whatever version is stored (the version is still incremented). */
  skipVersionCheck(skip = true): this {
    return this.next({ skipVersionCheck: skip });
  }

  /** The PutItem input this builder sends, with timestamps taken at `at`. */
  toInput(at: Date = new Date()): PutItemCommandInput {
    return this.prepare(at).input;
  }

  private prepare(at: Date): { input: PutItemCommandInput; changes: Record<string, unknown>; expected?: number } {
    const { entity, item } = this.state;
    if (entity === undefined || item === undefined) {
      throw new InvalidRequestError(`${this.target.label}: put needs withItem(...) before execute()`);
    }
    const written = { ...item };
    const changes = stampPut(this.target, entity, written, at);
    const ctx = new ExpressionContext(this.target.convertValue);
    const version = this.target.version;
    const checkVersion = version !== undefined && !this.state.skipVersionCheck;
    const expected = checkVersion
      ? ((entity as Record<string, unknown>)[version.property] as number | undefined)
      : undefined;
    const extra = checkVersion ? [versionCondition(ctx, version, expected)] : [];
    const input: PutItemCommandInput = { TableName: this.target.tableName, Item: written };
    const condition = renderConditions(ctx, this.state.conditions, extra);
    if (condition) {
      input.ConditionExpression = condition;
      input.ExpressionAttributeNames = ctx.names;
      input.ExpressionAttributeValues = ctx.values;
    }
    if (checkVersion) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    if (this.state.returnValues) input.ReturnValues = this.state.returnValues;
    if (this.state.consumedCapacity) input.ReturnConsumedCapacity = this.state.consumedCapacity;
    return { input, changes, expected };
  }

  async execute(): Promise<PutItemResult<T>> {
    const { input, changes, expected } = this.prepare(new Date());
    const client = this.resolveClient();
    const version = this.target.version;
    const output = await sendMapped(() => client.send(new PutItemCommand(input)), {
      operation: 'PutItem',
      table: this.target.tableName,
      label: this.target.label,
      key: this.keyOf(input.Item as AttributeMap),
      version: version && !this.state.skipVersionCheck ? { attribute: version.name, expected } : undefined,
    });
    const entity = this.state.entity as T;
    const item = Object.assign(Object.create(Object.getPrototypeOf(entity)), entity, changes) as T;
    return {
      item,
      attributes: output.Attributes ? this.target.fromItem(output.Attributes) : undefined,
      consumedCapacity: output.ConsumedCapacity,
    };
  }

  private keyOf(item: AttributeMap): AttributeMap {
    const key: AttributeMap = {};
    for (const name of this.target.keyAttributes) if (item[name]) key[name] = item[name];
    return key;
  }
}
