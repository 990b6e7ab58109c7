import {
  type ConsumedCapacity,
  type ReturnValue,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ExpressionError, InvalidRequestError } from '../../errors/errors.js';
import { ExpressionContext } from '../../expressions/index.js';
import type { CheckedTemplate, TemplateValues } from '../../expressions/types/template.js';
import { guardIndexKeyWrites } from '../../isolation/guard-index-keys.js';
import { guardRequest } from '../../isolation/guard-request.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { keyFrom, requireKey, type WithKeyArgs } from '../shared/key-state.js';
import { slotOf, updateActions } from '../shared/managed-attributes.js';
import { sendMapped } from '../shared/send.js';
import type { AttributeMap, KeyValue } from '../shared/table-target.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { checkedVersion } from '../shared/version-expectation.js';
import { expectedVersionCheck, writeCondition, writeFailureContext } from '../shared/write-condition.js';
import { planIndexKeys } from './index-key-writes.js';

interface UpdateState extends BaseState {
  readonly key?: AttributeMap;
  readonly update?: TemplateUse;
  readonly conditions: readonly TemplateUse[];
  readonly returnValues?: ReturnValue;
  readonly expectedVersion?: number;
}

export interface UpdateItemResult<T> {
  /** The attributes returnValues asked for, as an entity instance (partial for UPDATED_OLD/UPDATED_NEW). */
  readonly attributes?: T;
  readonly consumedCapacity?: ConsumedCapacity;
}

/**
 * UpdateItem: `repo.update.withKey(...).set('SET name = {0}', 'Jane').execute()`.
 * @UpdatedAt and @CreatedAt are set unless the template writes them; @Version
 * is incremented, and checked when expectVersion(n) is given.
 */
export class UpdateItemBuilder<T> extends BuilderBase<T, UpdateState> {
  withKey(key: Partial<T>): this;
  withKey(name: string, value: KeyValue): this;
  withKey(name: string, value: KeyValue, sortName: string, sortValue: KeyValue): this;
  withKey(...args: WithKeyArgs<T>): this {
    return this.next({ key: keyFrom(this.target, args) });
  }

  /** The update expression: `SET a = {0}, b = b + {1} REMOVE c ADD d {2} DELETE e {3}` (no clause keyword means SET). */
  set<S extends string>(template: CheckedTemplate<T, S, 'update'>, ...values: TemplateValues<T, S, 'update'>): this {
    if (this.state.update) {
      throw new InvalidRequestError(
        `${this.target.label}: set() was already called; write all actions in one template`,
      );
    }
    const update = useTemplate(this.target, 'update', template, values);
    for (const name of update.expression.assigned) {
      if (this.target.keyAttributes.includes(name)) {
        throw new ExpressionError(
          `${this.target.label}: '${name}' is a key attribute; DynamoDB cannot update keys`,
          template,
        );
      }
      if (this.target.keyPartAttributes.has(name)) {
        throw new ExpressionError(
          `${this.target.label}: '${name}' is part of the item's key, so changing it would leave the key saying otherwise; ` +
            'to move the item, delete it and put it under its new key (in one transaction)',
          template,
        );
      }
      if (this.target.compositeIndexKeys.some((k) => k.attribute === name)) {
        throw new ExpressionError(
          `${this.target.label}: '${name}' is a composite index key, written from its parts; set those instead`,
          template,
        );
      }
      if (name === this.target.version?.name) {
        throw new ExpressionError(
          `${this.target.label}: '${name}' is the @Version attribute, which update increments itself; use expectVersion(n) to check it`,
          template,
        );
      }
    }
    return this.next({ update });
  }

  /** Condition for the update (several calls are joined with AND). */
  where<S extends string>(
    template: CheckedTemplate<T, S, 'condition'>,
    ...values: TemplateValues<T, S, 'condition'>
  ): this {
    return this.next({
      conditions: [...this.state.conditions, useTemplate(this.target, 'condition', template, values)],
    });
  }

  /** Fails with VersionConflictError unless the stored @Version is `version`. */
  expectVersion(version: number): this {
    return this.next({ expectedVersion: checkedVersion(this.target, version) });
  }

  returnValues(mode: ReturnValue): this {
    return this.next({ returnValues: mode });
  }

  /** The UpdateItem input this builder sends, with timestamps taken at `at`. */
  toInput(at: Date = new Date()): UpdateItemCommandInput {
    const key = requireKey(this.target, this.state.key, 'update');
    const update = this.state.update;
    if (!update) throw new InvalidRequestError(`${this.target.label}: update needs set(...) before execute()`);
    const indexKeys = planIndexKeys(this.target, update, key);
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const extraSet = updateActions(this.target, ctx, update.expression.assigned, at);
    for (const [name, value] of indexKeys.set) extraSet.push(`${ctx.name(name)} = ${ctx.value(value.S, slotOf(name))}`);
    const input: UpdateItemCommandInput = {
      TableName: this.target.tableName,
      Key: key,
      UpdateExpression: update.expression.render(ctx, update.values, {
        SET: extraSet,
        REMOVE: indexKeys.remove.map((name) => ctx.name(name)),
      }),
    };
    // After rendering, so a value its attribute refuses is reported with its template first.
    guardIndexKeyWrites('UpdateItem', this.target.tableName, indexKeys.writes);
    const check = expectedVersionCheck(this.target, this.state.expectedVersion);
    const condition = writeCondition(this.target, ctx, this.state.conditions, check);
    if (condition) input.ConditionExpression = condition;
    input.ExpressionAttributeNames = ctx.names;
    input.ExpressionAttributeValues = ctx.values;
    if (check) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    if (this.state.returnValues) input.ReturnValues = this.state.returnValues;
    if (this.state.consumedCapacity) input.ReturnConsumedCapacity = this.state.consumedCapacity;
    return input;
  }

  async execute(): Promise<UpdateItemResult<T>> {
    const input = this.toInput();
    guardRequest('UpdateItem', input);
    const client = this.resolveClient();
    const output = await sendMapped(
      () => client.send(new UpdateItemCommand(input)),
      writeFailureContext(
        this.target,
        'UpdateItem',
        input.Key,
        expectedVersionCheck(this.target, this.state.expectedVersion),
      ),
    );
    return {
      attributes: output.Attributes ? this.target.fromItem(output.Attributes) : undefined,
      consumedCapacity: output.ConsumedCapacity,
    };
  }
}
