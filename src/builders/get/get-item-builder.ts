import {
  type ConsumedCapacity,
  GetItemCommand,
  type GetItemCommandInput,
  type GetItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { ExpressionContext } from '../../expressions/index.js';
import type { CompiledExpression } from '../../expressions/types.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { KeyInput } from '../../metadata/key-parts.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { keyFrom, requireKey, type WithKeyArgs } from '../shared/key-state.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import { projectionOfFields } from '../shared/projection.js';
import type { KeyValue } from '../shared/table-target.js';

interface GetState extends BaseState {
  readonly key?: AttributeMap;
  readonly consistentRead?: boolean;
  readonly projection?: CompiledExpression;
}

/** What a GetItem resolves to. */
export interface GetItemResult<T> {
  /** The item as an instance of the entity class, or undefined when there is none. */
  readonly item: T | undefined;
  /** DynamoDB's report of the capacity consumed, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity?: ConsumedCapacity;
}

/**
 * GetItem: `repo.get.withKey(...).execute()`. `R` is the type of the item read: the entity `T`, or
 * `Partial<T>` after withProjection (the attributes left out are not there).
 */
export class GetItemBuilder<T, R = T> extends BuilderBase<T, GetState> {
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

  /** Strongly consistent read (twice the read capacity; not available on global secondary indexes). */
  consistentRead(enabled = true): this {
    return this.next({ consistentRead: enabled });
  }

  /** Only these attributes (stored names, as fieldsOf gives them); the item comes back partial, and is typed so. */
  withProjection(...fields: string[]): GetItemBuilder<T, Partial<T>> {
    return this.next({ projection: projectionOfFields(this.target, fields) }) as GetItemBuilder<T, Partial<T>>;
  }

  /** @internal See OperationPlan. */
  plan(): OperationPlan {
    const key = requireKey(this.target, this.state.key, 'get');
    return { table: this.target.tableName, key, returnValues: undefined, conditioned: false, versionChecked: false };
  }

  /** The GetItem input this builder sends. */
  toInput(): GetItemCommandInput {
    const input: GetItemCommandInput = {
      TableName: this.target.tableName,
      Key: requireKey(this.target, this.state.key, 'get'),
    };
    if (this.state.consistentRead) input.ConsistentRead = true;
    if (this.state.consumedCapacity) input.ReturnConsumedCapacity = this.state.consumedCapacity;
    if (this.state.projection) {
      const ctx = new ExpressionContext();
      input.ProjectionExpression = this.state.projection.render(ctx, []);
      input.ExpressionAttributeNames = ctx.names;
    }
    return input;
  }

  /**
   * Sends the GetItem; resolves to the item, or undefined when there is none.
   *
   * @throws InvalidRequestError when no key was given.
   * @throws TenantIsolationError when the key is outside the tenant scope (not sent).
   * @throws MappingError when the stored item does not map onto the entity.
   * @throws DynamoRequestError when DynamoDB fails the request.
   */
  async execute(): Promise<GetItemResult<R>> {
    const input = this.toInput();
    const output = await this.sendOne<GetItemCommandOutput>(
      'GetItem',
      [{ kind: 'key', table: this.target.guarded, key: input.Key }],
      new GetItemCommand(input),
      { key: input.Key },
      (found) => (found.Item ? 1 : 0),
    );
    return {
      // R is T, or Partial<T> after withProjection: the same object, typed as what it holds.
      item: output.Item ? (this.target.fromItem(output.Item) as unknown as R) : undefined,
      consumedCapacity: output.ConsumedCapacity,
    };
  }
}
