import { ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import { ExpressionContext } from '../../expressions/index.js';
import type { Access } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import { checkStartKey } from '../read/key-checks.js';
import type { RawPage } from '../read/page.js';
import { ReadBuilder, type ReadState } from '../read/read-builder.js';
import type { Operation } from '../shared/operation.js';
import { parallelScan } from './parallel-scan.js';

interface ScanState extends ReadState {
  readonly segment?: { readonly index: number; readonly total: number };
}

/** DynamoDB's bound on TotalSegments. */
const MAX_SEGMENTS = 1_000_000;

/** Scan: reads the whole table (or index), page by page; `parallel(n)` reads n segments at once. */
export class ScanBuilder<T, R = T> extends ReadBuilder<T, R, ScanState, ScanCommandInput> {
  /** One segment of a parallel scan: `segment(0, 4)` reads the first quarter. */
  segment(index: number, total: number): this {
    if (
      !Number.isInteger(total) ||
      total < 1 ||
      total > MAX_SEGMENTS ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= total
    ) {
      throw new InvalidRequestError(
        `segment(index, total) needs 0 <= index < total <= ${MAX_SEGMENTS}, got (${index}, ${total})`,
      );
    }
    return this.next({ segment: { index, total } });
  }

  /** Only these attributes (stored names from fieldsOf); items come back partial. */
  withProjection(...fields: string[]): ScanBuilder<T, Partial<T>> {
    return this.next({ projection: this.projected(fields) }) as unknown as ScanBuilder<T, Partial<T>>;
  }

  /**
   * Reads `segments` segments concurrently and yields items as they arrive.
   * Each segment holds at most one page not yet consumed, and breaking out of
   * the loop stops every segment from requesting more.
   */
  parallel(segments: number): AsyncIterable<R> {
    if (!Number.isInteger(segments) || segments < 1 || segments > MAX_SEGMENTS) {
      throw new InvalidRequestError(`parallel needs 1 to ${MAX_SEGMENTS} segments, got ${segments}`);
    }
    if (this.state.segment)
      throw new InvalidRequestError('parallel() splits the scan into segments itself; drop segment()');
    return this.parallelItems(segments);
  }

  /**
   * Starts when iteration starts, and takes the client in force then, as sequential iteration does. The
   * segments' requests are one operation: guarded once, reported once (a Scan over all segments and pages).
   */
  private async *parallelItems(segments: number): AsyncGenerator<R, void, undefined> {
    const operation = this.startOperation();
    const sources = Array.from({ length: segments }, (_, i) => {
      const segment = this.segment(i, segments);
      return { pages: () => segment.pagesOf(operation) };
    });
    yield* operation.through(parallelScan<R>(sources, this.state.limit));
  }

  protected readonly operationName = 'Scan';

  protected pageInput(startKey: AttributeMap | undefined, limit: number | undefined): ScanCommandInput {
    const ctx = new ExpressionContext(this.target.convertValue, this.target.resolveName);
    const input: ScanCommandInput = this.commonInput(ctx, startKey, limit);
    if (this.state.segment) {
      input.Segment = this.state.segment.index;
      input.TotalSegments = this.state.segment.total;
    }
    input.ExpressionAttributeNames = ctx.names;
    input.ExpressionAttributeValues = ctx.values;
    return input;
  }

  protected checkStartKey(key: AttributeMap): void {
    checkStartKey(this.target.label, key, this.target.keySchema, this.state.index);
  }

  protected access(): Access {
    return { kind: 'scan', table: this.target.guarded };
  }

  protected sendPage(operation: Operation, input: ScanCommandInput): Promise<RawPage> {
    return operation.send<RawPage>(new ScanCommand(input));
  }
}
