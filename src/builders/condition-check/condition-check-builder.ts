import type { ConditionCheck } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
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
import { writeCondition } from '../shared/write-condition.js';

export interface ConditionCheckState extends BaseState {
  readonly key?: AttributeMap;
  readonly conditions: readonly TemplateUse[];
  readonly expectedVersion?: number;
}

/**
 * A condition on an item that a transaction does not write:
 * `tx.conditionCheck(users, b => b.withKey({ userId: 'u3' }).where('attribute_exists(pk)'))`.
 * It has no execute(): DynamoDB only runs condition checks inside TransactWriteItems.
 */
export class ConditionCheckBuilder<T> extends BuilderBase<T, ConditionCheckState> {
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

  /** The condition (several calls are joined with AND). */
  where<S extends string>(
    template: CheckedTemplate<T, S, 'condition'>,
    ...values: TemplateValues<T, S, 'condition'>
  ): this {
    return this.next({
      conditions: [...this.state.conditions, useTemplate(this.target, 'condition', template, values)],
    });
  }

  /** The transaction is cancelled unless the stored `@Version` is `version`. */
  expectVersion(version: number): this {
    return this.next({ expectedVersion: checkedVersion(this.target, version) });
  }

  /** @internal See OperationPlan. */
  plan(): OperationPlan {
    const key = requireKey(this.target, this.state.key, 'conditionCheck');
    const versionChecked = expectedVersionCheck(this.target, this.state.expectedVersion) !== undefined;
    if (this.state.conditions.length === 0 && !versionChecked) {
      throw new InvalidRequestError(`${this.target.label}: conditionCheck needs where(...) or expectVersion(n)`);
    }
    return {
      table: this.target.tableName,
      key,
      returnValues: undefined,
      conditioned: this.state.conditions.length > 0,
      versionChecked,
    };
  }

  /** The ConditionCheck element of a TransactWriteItems request. */
  toInput(): ConditionCheck {
    const key = requireKey(this.target, this.state.key, 'conditionCheck');
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const check = expectedVersionCheck(this.target, this.state.expectedVersion);
    const condition = writeCondition(this.target, ctx, this.state.conditions, check);
    if (!condition) {
      throw new InvalidRequestError(`${this.target.label}: conditionCheck needs where(...) or expectVersion(n)`);
    }
    const input: ConditionCheck = { TableName: this.target.tableName, Key: key, ConditionExpression: condition };
    if (ctx.names) input.ExpressionAttributeNames = ctx.names;
    if (ctx.values) input.ExpressionAttributeValues = ctx.values;
    if (check) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    return input;
  }
}
