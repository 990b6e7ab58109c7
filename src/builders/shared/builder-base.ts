import type { DynamoDBClient, ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { isDynamoClient, resolveClient } from '../../context/client-context.js';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import { type DynamoCommand, type OperationName, type RequestFailure, sendOnce } from './operation.js';
import type { TableTarget } from './table-target.js';

export interface BaseState {
  readonly client?: DynamoDBClient;
  readonly consumedCapacity?: ReturnConsumedCapacity;
}

/**
 * Immutable builder: every fluent call returns a new builder of the same
 * class with a new state, so one prepared builder can be shared by the
 * concurrent requests of different tenants.
 */
export abstract class BuilderBase<T, S extends BaseState> {
  /** @internal */
  protected readonly target: TableTarget<T>;
  /** @internal */
  protected readonly state: S;

  constructor(target: TableTarget<T>, state: S) {
    this.target = target;
    this.state = state;
  }

  /** A copy of this builder with some state replaced. */
  protected next(patch: Partial<S>): this {
    const Ctor = this.constructor as new (target: TableTarget<T>, state: S) => this;
    return new Ctor(this.target, { ...this.state, ...patch });
  }

  /** @internal The client given with withClient(), if any (batch/transaction builders check that operations agree). */
  get explicitClient(): DynamoDBClient | undefined {
    return this.state.client;
  }

  /** Runs this request with another client (highest precedence: over runWithClient and the repository's client). */
  withClient(client: DynamoDBClient): this {
    if (!isDynamoClient(client)) {
      throw new InvalidRequestError('withClient needs a DynamoDBClient');
    }
    return this.next({ client } as Partial<S>);
  }

  /** Asks DynamoDB to report the capacity the request consumed. */
  returnConsumedCapacity(mode: ReturnConsumedCapacity = 'TOTAL'): this {
    return this.next({ consumedCapacity: mode } as Partial<S>);
  }

  /** The client this request runs on now: explicit, else ambient (runWithClient), else the repository's. */
  protected resolveClient(): DynamoDBClient {
    return resolveClient(this.state.client, this.target.client);
  }

  /** Sends this builder's one request through the operation pipeline (guard, client, send, errors). */
  protected sendOne<O>(
    operation: OperationName,
    accesses: readonly Access[],
    command: DynamoCommand,
    failure?: RequestFailure,
    items?: (output: O) => number,
  ): Promise<O> {
    const { tableName: table, label, entity } = this.target;
    const facts = { operation, tables: [table], label, entity, accesses };
    return sendOnce<O>(facts, () => this.resolveClient(), command, failure, items);
  }
}
