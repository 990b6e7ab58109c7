import {
  type ConsumedCapacity,
  type ReturnValue,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import { ExpressionContext } from '../../expressions/index.js';
import type { CheckedTemplate, TemplateValues } from '../../expressions/types/template.js';
import type { Access } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { KeyInput } from '../../metadata/key-parts.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { keyFrom, requireKey, type WithKeyArgs } from '../shared/key-state.js';
import { slotOf, updateActions } from '../shared/managed-attributes.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import type { KeyValue } from '../shared/table-target.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { checkedVersion, expectedVersionCheck, type VersionCheck } from '../shared/versioning.js';
import { writeCondition, writeFailure } from '../shared/write-condition.js';
import { checkAssignedAttributes } from './assigned-checks.js';
import { planIndexKeys } from './index-key-writes.js';
import { addValues, assignedBy, checkNoOverlap, renderUpdate, updateUses, type ValuesUpdate } from './set-values.js';

interface UpdateState extends BaseState {
  readonly key?: AttributeMap;
  readonly update?: TemplateUse;
  readonly values?: ValuesUpdate;
  readonly conditions: readonly TemplateUse[];
  readonly returnValues?: ReturnValue;
  readonly expectedVersion?: number;
}

/** What an UpdateItem resolves to. */
export interface UpdateItemResult<T> {
  /**
   * The attributes returnValues asked for, as an entity instance: typed `T` for ALL_NEW/ALL_OLD (the whole
   * item; undefined for ALL_OLD when there was none), `Partial<T>` for UPDATED_NEW/UPDATED_OLD (only the
   * attributes the update wrote), never there without returnValues or with NONE.
   */
  readonly attributes?: T;
  /** DynamoDB's report of the capacity consumed, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity?: ConsumedCapacity;
}

/** What an update's returnValues(mode) gives back: the whole item for ALL_*, some of it for UPDATED_*, nothing for NONE. */
export type ReturnedAttributes<T, M extends ReturnValue> = M extends 'ALL_NEW' | 'ALL_OLD'
  ? T
  : M extends 'NONE'
    ? never
    : Partial<T>;

/**
 * UpdateItem: `repo.update.withKey(...).set('SET name = {0}', 'Jane').execute()`.
 * `@UpdatedAt` and `@CreatedAt` are set unless the template writes them; `@Version`
 * is incremented, and checked when expectVersion(n) is given. `A` is the type
 * of the attributes the result carries, set by returnValues(mode).
 */
export class UpdateItemBuilder<T, A = T> extends BuilderBase<T, UpdateState> {
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

  /** The update expression: `SET a = {0}, b = b + {1} REMOVE c ADD d {2} DELETE e {3}` (no clause keyword means SET). */
  set<S extends string>(template: CheckedTemplate<T, S, 'update'>, ...values: TemplateValues<T, S, 'update'>): this {
    if (this.state.update) {
      throw new InvalidRequestError(
        `${this.target.label}: set() was already called; write all actions in one template`,
      );
    }
    const update = useTemplate(this.target, 'update', template, values);
    checkAssignedAttributes(this.target, update.expression);
    if (this.state.values?.use) checkNoOverlap(this.target, update, this.state.values.use);
    return this.next({ update });
  }

  /**
   * The update as an object of entity properties: `setValues({ name: 'Jane', status: 'active' })` sets each
   * attribute to its value, converted as put converts it (`null` stores NULL; an undefined property is
   * skipped, so nothing is written for it; a value put would leave out, such as an empty set, removes the
   * attribute). Combines with set(template) in either order into one UpdateExpression. Several calls merge,
   * a later value winning. Keys, key parts, composite index keys and `@Version` are refused as in set();
   * a property that is not a declared attribute, or a value its converter refuses, is a MappingError.
   */
  setValues(values: Partial<T>): this {
    return this.next({ values: addValues(this.target, this.state.values, values, this.state.update) });
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

  /** Fails with VersionConflictError unless the stored `@Version` is `version`. */
  expectVersion(version: number): this {
    return this.next({ expectedVersion: checkedVersion(this.target, version) });
  }

  /** The attributes to return: ALL_NEW/ALL_OLD are typed as the entity, UPDATED_NEW/UPDATED_OLD as a Partial of it. */
  returnValues<M extends ReturnValue>(mode: M): UpdateItemBuilder<T, ReturnedAttributes<T, M>> {
    return this.next({ returnValues: mode }) as UpdateItemBuilder<T, unknown> as UpdateItemBuilder<
      T,
      ReturnedAttributes<T, M>
    >;
  }

  /** The UpdateItem input this builder sends, with timestamps taken at `at`. */
  toInput(at: Date = new Date()): UpdateItemCommandInput {
    return this.prepare(at).input;
  }

  /** @internal See OperationPlan. */
  plan(): OperationPlan {
    const key = requireKey(this.target, this.state.key, 'update');
    updateUses(this.target, this.state.update, this.state.values);
    return {
      table: this.target.tableName,
      key,
      returnValues: this.state.returnValues,
      conditioned: this.state.conditions.length > 0,
      versionChecked: expectedVersionCheck(this.target, this.state.expectedVersion) !== undefined,
    };
  }

  /**
   * @internal The input, rendered once, with what the tenant guard checks (the key, and the values written
   * to index keys) and the `@Version` check it carries.
   */
  prepare(at: Date): { input: UpdateItemCommandInput; access: Access; check: VersionCheck | undefined } {
    const key = requireKey(this.target, this.state.key, 'update');
    const uses = updateUses(this.target, this.state.update, this.state.values);
    const indexKeys = planIndexKeys(this.target, uses, key);
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const extraSet = updateActions(this.target, ctx, assignedBy(uses), at);
    for (const [name, value] of indexKeys.set) extraSet.push(`${ctx.name(name)} = ${ctx.value(value.S, slotOf(name))}`);
    const input: UpdateItemCommandInput = {
      TableName: this.target.tableName,
      Key: key,
      UpdateExpression: renderUpdate(ctx, uses, {
        SET: extraSet,
        REMOVE: indexKeys.remove.map((name) => ctx.name(name)),
      }),
    };
    const check = expectedVersionCheck(this.target, this.state.expectedVersion);
    const condition = writeCondition(this.target, ctx, this.state.conditions, check);
    if (condition) input.ConditionExpression = condition;
    input.ExpressionAttributeNames = ctx.names;
    input.ExpressionAttributeValues = ctx.values;
    if (check) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    if (this.state.returnValues) input.ReturnValues = this.state.returnValues;
    if (this.state.consumedCapacity) input.ReturnConsumedCapacity = this.state.consumedCapacity;
    return {
      input,
      access: { kind: 'key', table: this.target.guarded, key: key, indexKeyWrites: indexKeys.writes },
      check,
    };
  }

  /**
   * Sends the UpdateItem, with `@UpdatedAt`, `@CreatedAt` and `@Version` maintained.
   *
   * @throws InvalidRequestError when no key or no update was given.
   * @throws ExpressionError when a template is wrong (not sent).
   * @throws TenantIsolationError when the key, or an index key written, is outside the tenant scope (not sent).
   * @throws VersionConflictError when expectVersion() was given and the stored version differs.
   * @throws ConditionalCheckFailedError when a where() condition is false.
   * @throws DynamoRequestError when DynamoDB fails the request in another way.
   */
  async execute(): Promise<UpdateItemResult<A>> {
    const { input, access, check } = this.prepare(new Date());
    const output = await this.sendOne<UpdateItemCommandOutput>(
      'UpdateItem',
      [access],
      new UpdateItemCommand(input),
      writeFailure(this.target, input.Key, check),
    );
    return {
      // A is what returnValues asked for (T, Partial<T>): the same object, typed as what it holds.
      attributes: output.Attributes ? (this.target.fromItem(output.Attributes) as unknown as A) : undefined,
      consumedCapacity: output.ConsumedCapacity,
    };
  }
}
