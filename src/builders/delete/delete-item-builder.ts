import {
  type ConsumedCapacity,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { ExpressionContext } from '../../expressions/index.js';
import type { CheckedTemplate, TemplateValues } from '../../expressions/types/template.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { KeyInput } from '../../metadata/key-parts.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { keyFrom, requireKey, type WithKeyArgs } from '../shared/key-state.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import type { KeyValue } from '../shared/table-target.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { checkedVersion, expectedVersionCheck } from '../shared/versioning.js';
import { writeCondition, writeFailure } from '../shared/write-condition.js';

interface DeleteState extends BaseState {
  readonly key?: AttributeMap;
  readonly conditions: readonly TemplateUse[];
  readonly returnValues?: 'NONE' | 'ALL_OLD';
  readonly expectedVersion?: number;
}

/** What a DeleteItem resolves to. */
export interface DeleteItemResult<T> {
  /** The deleted item, when returnValues('ALL_OLD') asked for it. */
  readonly attributes?: T;
  /** DynamoDB's report of the capacity consumed, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity?: ConsumedCapacity;
}

/** DeleteItem: `repo.delete.withKey(...).where(...).execute()`. */
export class DeleteItemBuilder<T> extends BuilderBase<T, DeleteState> {
  /**
   * The item's key, as an object of the entity's key properties (prefixes and composite keys applied):
   * `withKey({ userId: 'u1' })`. When the entity declares its key parts (`[KeyParts]`), exactly those parts
   * (the tenant part may be left to the tenant scope); otherwise any of its properties (`Partial<T>`).
   *
   * @throws MappingError when the object lacks a key property.
   */
  withKey(key: KeyInput<T>): this;
  /**
   * The item's key as a stored attribute name and stored value (partition key only):
   * `withKey(UserFields.userId, UserKeys.pk('u1'))`.
   */
  withKey(name: string, value: KeyValue): this;
  /** The item's key as stored partition and sort key names and values. */
  withKey(name: string, value: KeyValue, sortName: string, sortValue: KeyValue): this;
  withKey(...args: WithKeyArgs<T>): this {
    return this.next({ key: keyFrom(this.target, args) });
  }

  /** Condition for the delete (several calls are joined with AND). */
  where<S extends string>(
    template: CheckedTemplate<T, S, 'condition'>,
    ...values: TemplateValues<T, S, 'condition'>
  ): this {
    return this.next({
      conditions: [...this.state.conditions, useTemplate(this.target, 'condition', template, values)],
    });
  }

  /** Fails with VersionConflictError unless the stored `@Version` is `version`. */
  expectVersion(version: number): this {
    return this.next({ expectedVersion: checkedVersion(this.target, version) });
  }

  /** `ALL_OLD`: the result carries the deleted item (`attributes`); `NONE` (the default): nothing. */
  returnValues(mode: 'NONE' | 'ALL_OLD'): this {
    return this.next({ returnValues: mode });
  }

  /** @internal See OperationPlan. */
  plan(): OperationPlan {
    return {
      table: this.target.tableName,
      key: requireKey(this.target, this.state.key, 'delete'),
      returnValues: this.state.returnValues,
      conditioned: this.state.conditions.length > 0,
      versionChecked: expectedVersionCheck(this.target, this.state.expectedVersion) !== undefined,
    };
  }

  /** The DeleteItem input this builder sends. */
  toInput(): DeleteItemCommandInput {
    const input: DeleteItemCommandInput = {
      TableName: this.target.tableName,
      Key: requireKey(this.target, this.state.key, 'delete'),
    };
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const check = expectedVersionCheck(this.target, this.state.expectedVersion);
    const condition = writeCondition(this.target, ctx, this.state.conditions, check);
    if (condition) {
      input.ConditionExpression = condition;
      input.ExpressionAttributeNames = ctx.names;
      input.ExpressionAttributeValues = ctx.values;
    }
    if (check) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    if (this.state.returnValues) input.ReturnValues = this.state.returnValues;
    if (this.state.consumedCapacity) input.ReturnConsumedCapacity = this.state.consumedCapacity;
    return input;
  }

  /**
   * Sends the DeleteItem.
   *
   * @throws InvalidRequestError when no key was given.
   * @throws ExpressionError when a condition template is wrong (not sent).
   * @throws TenantIsolationError when the key is outside the tenant scope (not sent).
   * @throws VersionConflictError when expectVersion() was given and the stored version differs.
   * @throws ConditionalCheckFailedError when a where() condition is false.
   * @throws DynamoRequestError when DynamoDB fails the request in another way.
   */
  async execute(): Promise<DeleteItemResult<T>> {
    const input = this.toInput();
    const output = await this.sendOne<DeleteItemCommandOutput>(
      'DeleteItem',
      [{ kind: 'key', table: this.target.guarded, key: input.Key }],
      new DeleteItemCommand(input),
      writeFailure(this.target, input.Key, expectedVersionCheck(this.target, this.state.expectedVersion)),
    );
    return {
      attributes: output.Attributes ? this.target.fromItem(output.Attributes) : undefined,
      consumedCapacity: output.ConsumedCapacity,
    };
  }
}
