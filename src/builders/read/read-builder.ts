import type { QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { ExpressionContext } from '../../expressions/index.js';
import type { CheckedTemplate, TemplateValues } from '../../expressions/types/template.js';
import type { CompiledExpression } from '../../expressions/types.js';
import type { Access } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import { type BaseState, BuilderBase } from '../shared/builder-base.js';
import { Operation, type OperationName } from '../shared/operation.js';
import { projectionOfFields } from '../shared/projection.js';
import type { IndexSchema } from '../shared/table-target.js';
import { type TemplateUse, useTemplate } from '../shared/template-use.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { cursorSettingsOf } from './cursor-options.js';
import { addCapacity, type Page, type RawPage } from './page.js';

export interface ReadState extends BaseState {
  readonly index?: IndexSchema;
  readonly filters: readonly TemplateUse[];
  readonly projection?: CompiledExpression;
  /** Total items to return (across pages). */
  readonly limit?: number;
  /** DynamoDB's Limit: items read per request. */
  readonly pageSize?: number;
  readonly maxPages?: number;
  readonly startKey?: AttributeMap;
  /** A cursor not decoded yet (the index it belongs to may be chosen after startAt). */
  readonly startCursor?: string;
  readonly consistentRead?: boolean;
  readonly select?: 'COUNT';
}

/** The request fields Query and Scan share. */
export type CommonReadInput = Pick<
  QueryCommandInput,
  | 'TableName'
  | 'IndexName'
  | 'FilterExpression'
  | 'ProjectionExpression'
  | 'Select'
  | 'Limit'
  | 'ExclusiveStartKey'
  | 'ConsistentRead'
  | 'ReturnConsumedCapacity'
  | 'ExpressionAttributeNames'
  | 'ExpressionAttributeValues'
>;

/** An index as indexesOf() describes it, or its name. */
export type IndexRef =
  | string
  | {
      /** The index name. */
      readonly name: string;
    };

function positiveInteger(what: string, n: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidRequestError(`${what} needs an integer from 1 to ${max}, got ${n}`);
  return n;
}

/**
 * What Query and Scan share: filter, projection, limits, cursors, and
 * iteration over every page. The client is chosen once when iteration
 * starts, so later pages use it even if the consumer resumes elsewhere.
 */
export abstract class ReadBuilder<T, R, S extends ReadState, I extends CommonReadInput>
  extends BuilderBase<T, S>
  implements AsyncIterable<R>
{
  /** A copy with some of the shared read state replaced. */
  protected with(patch: Partial<ReadState>): this {
    return this.next(patch as unknown as Partial<S>);
  }

  /** Read a global or local secondary index (its descriptor from indexesOf, or its name). */
  withIndex(index: IndexRef): this {
    const name = typeof index === 'string' ? index : index?.name;
    if (typeof name !== 'string' || name.length === 0)
      throw new InvalidRequestError(`${this.target.label}: withIndex needs an index`);
    const known = this.target.indexes;
    // Untyped tables without declared indexes accept any name; DynamoDB will say if it does not exist.
    const schema: IndexSchema | undefined = known ? known.get(name) : { name, type: 'global', partition: '' };
    if (!schema) {
      throw new InvalidRequestError(
        `${this.target.label} declares no index '${name}' (known: ${[...(known?.keys() ?? [])].join(', ') || 'none'})`,
      );
    }
    return this.with({ index: schema });
  }

  /** Condition on the items read (applied after reading: it does not save capacity). Calls are joined with AND. */
  withFilter<S extends string>(
    template: CheckedTemplate<T, S, 'condition'>,
    ...values: TemplateValues<T, S, 'condition'>
  ): this {
    return this.with({ filters: [...this.state.filters, useTemplate(this.target, 'condition', template, values)] });
  }

  /** At most `n` items in all (across pages; with a filter, more pages are read until `n` items match). */
  limit(n: number): this {
    return this.with({ limit: positiveInteger('limit', n) });
  }

  /** Items DynamoDB reads per request (its `Limit`), to tune page size; not a total. */
  pageSize(n: number): this {
    return this.with({ pageSize: positiveInteger('pageSize', n) });
  }

  /** Stop after this many requests when iterating. */
  maxPages(n: number): this {
    return this.with({ maxPages: positiveInteger('maxPages', n) });
  }

  /** Continue where a previous page ended: its `lastEvaluatedKey`, or its `cursor` string. */
  startAt(position: AttributeMap | string | undefined): this {
    if (position === undefined) return this.with({ startKey: undefined, startCursor: undefined });
    if (typeof position === 'string') return this.with({ startCursor: position, startKey: undefined });
    if (typeof position !== 'object' || position === null)
      throw new InvalidRequestError('startAt needs a lastEvaluatedKey or a cursor');
    return this.with({ startKey: position, startCursor: undefined });
  }

  /** Strongly consistent reads (not available on global secondary indexes). */
  consistentRead(enabled = true): this {
    return this.with({ consistentRead: enabled });
  }

  protected projected(fields: readonly string[]): S['projection'] {
    return projectionOfFields(this.target, fields);
  }

  /** Query or Scan. */
  protected abstract readonly operationName: OperationName;
  /** The request input for one page. */
  protected abstract pageInput(startKey: AttributeMap | undefined, limit: number | undefined): I;
  /** What the tenant guard checks: the partition a query reads, or every partition for a scan. */
  protected abstract access(): Access;
  /** Sends one page request of the operation. */
  protected abstract sendPage(operation: Operation, input: I): Promise<RawPage>;
  /** Checks a start key against the key schema (and, for queries, the partition). */
  protected abstract checkStartKey(key: AttributeMap): void;

  /** Shared by pageInput implementations: filter, projection, limits, start key. */
  protected commonInput(
    ctx: ExpressionContext,
    startKey: AttributeMap | undefined,
    limit: number | undefined,
  ): CommonReadInput {
    const s = this.state;
    const input: CommonReadInput = { TableName: this.target.tableName };
    if (s.index) input.IndexName = s.index.name;
    if (s.filters.length > 0) {
      const parts = s.filters.map((f) => f.expression.render(ctx, f.values));
      input.FilterExpression = parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ');
    }
    if (s.projection && s.select !== 'COUNT') input.ProjectionExpression = s.projection.render(ctx, []);
    if (s.select) input.Select = s.select;
    const perRequest = Math.min(limit ?? Number.POSITIVE_INFINITY, s.pageSize ?? Number.POSITIVE_INFINITY);
    if (Number.isFinite(perRequest)) input.Limit = perRequest;
    if (startKey) input.ExclusiveStartKey = startKey;
    if (s.consistentRead) {
      if (s.index?.type === 'global') {
        throw new InvalidRequestError(
          `${this.target.label}: consistentRead is not available on global secondary index ${s.index.name}`,
        );
      }
      input.ConsistentRead = true;
    }
    if (s.consumedCapacity) input.ReturnConsumedCapacity = s.consumedCapacity;
    return input;
  }

  /** The start position, decoded and checked. */
  protected startKey(): AttributeMap | undefined {
    const { startKey, startCursor, index } = this.state;
    const key =
      startCursor === undefined
        ? startKey
        : decodeCursor(startCursor, this.target.tableName, index?.name, cursorSettingsOf(this.target));
    if (key) this.checkStartKey(key);
    return key;
  }

  /** The input of the first request this builder sends. */
  toInput(): I {
    return this.pageInput(this.startKey(), this.state.limit);
  }

  /** Every page, lazily: a page is requested only when the previous one has been consumed. */
  async *pages(): AsyncGenerator<Page<R>, void, undefined> {
    // One operation over all the pages: guarded, and its client chosen, when iteration starts.
    const operation = this.startOperation();
    yield* operation.through(this.pagesOf(operation));
  }

  /** Starts the operation of this read: the tenant guard checks it, and its client is resolved, once. */
  protected startOperation(): Operation {
    const { tableName: table, label, entity } = this.target;
    return Operation.start(
      {
        operation: this.operationName,
        tables: [table],
        label,
        entity,
        index: this.state.index?.name,
        accesses: [this.access()],
      },
      () => this.resolveClient(),
    );
  }

  /** The pages of this read, sent as requests of `operation` (started and ended by the caller). */
  protected async *pagesOf(operation: Operation): AsyncGenerator<Page<R>, void, undefined> {
    let startKey = this.startKey();
    let remaining = this.state.limit;
    const maxPages = this.state.maxPages ?? Number.POSITIVE_INFINITY;
    for (let fetched = 0; fetched < maxPages; ) {
      const input = this.pageInput(startKey, remaining);
      const raw = await this.sendPage(operation, input);
      fetched += 1;
      const page = this.toPage(raw);
      operation.items(page.count);
      if (remaining !== undefined) remaining -= raw.Count ?? 0;
      yield page;
      startKey = raw.LastEvaluatedKey;
      if (!startKey || (remaining !== undefined && remaining <= 0)) return;
    }
  }

  /** Every item of every page. Breaking out of the loop stops further requests. */
  async *[Symbol.asyncIterator](): AsyncGenerator<R, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** All items (mind the memory: set a limit for big results). */
  async all(): Promise<R[]> {
    const items: R[] = [];
    for await (const page of this.pages()) items.push(...page.items);
    return items;
  }

  /**
   * One page. Without limit(): one request. With limit(n): requests until n
   * items are collected or the results end, so a filtered read still
   * returns n items when there are n; `lastEvaluatedKey`/`cursor` continue
   * exactly after the last item returned.
   */
  async execute(): Promise<Page<R>> {
    if (this.state.limit === undefined) {
      for await (const page of this.with({ maxPages: 1 }).pages()) return page;
      return { items: [], count: 0, scannedCount: 0, skipped: 0 };
    }
    let merged: Page<R> = { items: [], count: 0, scannedCount: 0, skipped: 0 };
    for await (const page of this.pages()) {
      merged = {
        items: merged.items.concat(page.items),
        lastEvaluatedKey: page.lastEvaluatedKey,
        cursor: page.cursor,
        count: merged.count + page.count,
        scannedCount: merged.scannedCount + page.scannedCount,
        skipped: merged.skipped + page.skipped,
        consumedCapacity: addCapacity(merged.consumedCapacity, page.consumedCapacity),
      };
    }
    return merged;
  }

  /** Counts the matching items over all pages (Select COUNT: no items are transferred). */
  async count(): Promise<number> {
    let total = 0;
    for await (const page of this.with({ select: 'COUNT' }).pages()) total += page.count;
    return total;
  }

  private toPage(raw: RawPage): Page<R> {
    const items: R[] = [];
    let skipped = 0;
    for (const item of raw.Items ?? []) {
      const hydrated = this.target.hydrate(item);
      if (hydrated === undefined) skipped += 1;
      else items.push(hydrated as unknown as R);
    }
    const last = raw.LastEvaluatedKey;
    return {
      items,
      lastEvaluatedKey: last,
      cursor: last
        ? encodeCursor(last, this.target.tableName, this.state.index?.name, cursorSettingsOf(this.target))
        : undefined,
      count: raw.Count ?? 0,
      scannedCount: raw.ScannedCount ?? 0,
      skipped,
      consumedCapacity: raw.ConsumedCapacity,
    };
  }
}
