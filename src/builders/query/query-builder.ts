import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ExpressionError, InvalidRequestError } from '../../errors/errors.js';
import { ExpressionContext } from '../../expressions/index.js';
import type { CheckedTemplate, TemplateValues } from '../../expressions/types/template.js';
import type { Access } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import { checkKeyConditionAgainstSchema, checkStartKey } from '../read/key-checks.js';
import type { RawPage } from '../read/page.js';
import { type IndexRef, ReadBuilder, type ReadState } from '../read/read-builder.js';
import type { Operation } from '../shared/operation.js';
import type { IndexSchema } from '../shared/table-target.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { queriedPartition } from './queried-partition.js';

interface QueryState extends ReadState {
  readonly keyCondition?: TemplateUse;
  readonly scanForward?: boolean;
}

/**
 * Query: `repo.query.where('pk = {0}', ...).withFilter(...).execute()`, or
 * `for await (const item of repo.query.where(...))` over every page.
 */
export class QueryBuilder<T, R = T> extends ReadBuilder<T, R, QueryState, QueryCommandInput> {
  protected readonly operationName = 'Query';

  /** The key condition: equality on the partition key, optionally one condition on the sort key. */
  where<S extends string>(
    template: CheckedTemplate<T, S, 'keyCondition'>,
    ...values: TemplateValues<T, S, 'keyCondition'>
  ): this {
    if (this.state.keyCondition) {
      throw new InvalidRequestError(
        `${this.target.label}: where() was already called; a query has one key condition (use withFilter for more)`,
      );
    }
    const keyCondition = useTemplate(this.target, 'keyCondition', template, values);
    this.check(keyCondition, this.state.index);
    return this.next({ keyCondition });
  }

  /** Query a global or local secondary index (its descriptor from indexesOf, or its name). */
  override withIndex(index: IndexRef): this {
    const next = super.withIndex(index);
    if (this.state.keyCondition) this.check(this.state.keyCondition, next.state.index);
    return next;
  }

  /** Order by sort key: ascending (default) or descending with false. */
  scanForward(forward = true): this {
    return this.next({ scanForward: forward });
  }

  /** Only these attributes (stored names from fieldsOf); items come back partial. */
  withProjection(...fields: string[]): QueryBuilder<T, Partial<T>> {
    return this.next({ projection: this.projected(fields) }) as unknown as QueryBuilder<T, Partial<T>>;
  }

  private check(use: TemplateUse, index: IndexSchema | undefined): void {
    const schema = index ?? this.target.keySchema;
    const shape = use.expression.keyCondition;
    if (!schema?.partition || !shape) return;
    checkKeyConditionAgainstSchema(this.target.label, schema, index, shape, use.expression.template, (attribute) => {
      const indexKey = this.target.compositeIndexKeys.find((k) => k.attribute === schema.partition);
      if (indexKey !== undefined) {
        return [...indexKey.partNames.values()].includes(attribute)
          ? `${indexKey.attribute} (${indexKey.template})`
          : undefined;
      }
      return index === undefined && this.target.keyPartAttributes.has(attribute) ? schema.partition : undefined;
    });
  }

  protected pageInput(startKey: AttributeMap | undefined, limit: number | undefined): QueryCommandInput {
    const use = this.requireKeyCondition();
    this.checkFilters();
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const key = use.expression.render(ctx, use.values);
    const input: QueryCommandInput = this.commonInput(ctx, startKey, limit);
    input.KeyConditionExpression = key;
    if (this.state.scanForward === false) input.ScanIndexForward = false;
    input.ExpressionAttributeNames = ctx.names;
    input.ExpressionAttributeValues = ctx.values;
    return input;
  }

  /** DynamoDB refuses a query filter on the key attributes queried: they belong in the key condition. */
  private checkFilters(): void {
    const schema = this.state.index ?? this.target.keySchema;
    if (!schema?.partition) return;
    for (const filter of this.state.filters) {
      const key = [schema.partition, schema.sort].find((k) => k !== undefined && filter.expression.attributes.has(k));
      if (key === undefined) continue;
      throw new ExpressionError(
        `${this.target.label}: the filter ${JSON.stringify(filter.expression.template)} names ${key}, a key of the ${this.state.index ? `index ${this.state.index.name}` : 'table'} queried, ` +
          'which DynamoDB refuses in a query filter: put the condition on the key in where()',
        filter.expression.template,
      );
    }
  }

  protected checkStartKey(key: AttributeMap): void {
    const index = this.state.index;
    const partition = queriedPartition(this.target, index ?? this.target.keySchema, this.state.keyCondition);
    checkStartKey(this.target.label, key, this.target.keySchema, index, partition);
  }

  private requireKeyCondition(): TemplateUse {
    const use = this.state.keyCondition;
    if (!use) {
      throw new InvalidRequestError(
        `${this.target.label}: query needs where(...) with the key condition before execute()`,
      );
    }
    return use;
  }

  /** The partition the key condition reads, from its compiled slot. */
  protected access(): Access {
    const index = this.state.index;
    const partition = queriedPartition(this.target, index ?? this.target.keySchema, this.requireKeyCondition());
    return {
      kind: 'partition',
      table: this.target.guarded,
      index: index?.name,
      attribute: partition?.attribute,
      value: partition?.value,
    };
  }

  protected sendPage(operation: Operation, input: QueryCommandInput): Promise<RawPage> {
    return operation.send<RawPage>(new QueryCommand(input));
  }
}
