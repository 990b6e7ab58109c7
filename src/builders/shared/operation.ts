import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { contextStorage } from '../../context/context-storage.js';
import { type FailureContext, mapAwsError } from '../../errors/map-aws-error.js';
import type { Mutable } from '../../internal/mutable.js';
import type { Access } from '../../isolation/accesses.js';
import { guardAccesses } from '../../isolation/guard.js';
import { observing } from '../../observability/observers.js';
import type { OperationName, StartedOperation } from '../../observability/operation-event.js';
import { OperationTracking } from './operation-tracking.js';

export type { OperationName } from '../../observability/operation-event.js';

/** What a builder knows of one logical operation (a get; a query over all its pages; a whole batch) before sending. */
export interface OperationFacts {
  readonly operation: OperationName;
  /** The table, or the tables of a batch or transaction (each once). */
  readonly tables: readonly string[];
  /** The entity class name, or the table name: what errors call the thing addressed. */
  readonly label: string;
  /** The entity class, for an operation of one typed repository (reported to observers). */
  readonly entity?: string;
  /** The index a query or scan reads. */
  readonly index?: string;
  /** Every item and partition the operation reads or writes, for the tenant guard. */
  readonly accesses: readonly Access[];
}

/** An SDK command of the DynamoDB client (GetItemCommand, ...); `send<O>` names its output type. */
export interface DynamoCommand {
  readonly input: object;
}

/** What a failed request reports beyond the operation's facts: the key, the expected `@Version`, ... */
export type RequestFailure = Partial<Pick<FailureContext, 'key' | 'version' | 'outcomeUnknown' | 'table'>> & {
  /** Replaces mapAwsError for requests whose errors say more (a transaction's cancellation reasons). */
  readonly mapError?: (error: unknown, context: FailureContext) => Error;
};

/** The tables as errors and events name them: one name, or a batch's or transaction's joined by ', '. */
function tableText(facts: OperationFacts): string {
  return facts.tables.length === 1 ? (facts.tables[0] as string) : facts.tables.join(', ');
}

function startedOf(facts: OperationFacts, tenantId: string | undefined): StartedOperation {
  // Assigned, not spread: on Node 20, `{ ...x, more }` costs microseconds per call.
  const started: Mutable<StartedOperation> = {
    operation: facts.operation,
    table: tableText(facts),
    tables: facts.tables,
  };
  if (facts.index !== undefined) started.index = facts.index;
  if (facts.entity !== undefined) started.entity = facts.entity;
  if (tenantId !== undefined) started.tenantId = tenantId;
  return started;
}

/** The repositories' tables an operation involves: the keys of their listeners (repo.onOperation). */
function tablesOfAccesses(accesses: readonly Access[]): readonly object[] {
  const first = accesses[0];
  if (accesses.length === 1 && first) return [first.table];
  return [...new Set(accesses.map((a) => a.table))];
}

/**
 * The one way a request reaches DynamoDB. `Operation.start` checks the operation's facts with the tenant
 * guard and resolves its client, once, before anything is sent; `send` sends one request of it and turns
 * an AWS error into the package's named errors; `end` reports the operation to its observers. Every
 * builder goes through here, so no operation can skip the guard, the error mapping or the reporting.
 * With nobody observing operations, nothing is followed (one check per operation).
 */
export class Operation {
  readonly #facts: OperationFacts;
  readonly #tracking: OperationTracking | undefined;
  readonly client: DynamoDBClient;

  private constructor(facts: OperationFacts, client: DynamoDBClient, tracking: OperationTracking | undefined) {
    this.#facts = facts;
    this.client = client;
    this.#tracking = tracking;
  }

  /** Guards the facts in the tenant scope around the caller (if any), then resolves the client (a refused operation never asks for one). */
  static start(facts: OperationFacts, client: () => DynamoDBClient): Operation {
    const context = contextStorage.getStore();
    const tracking = observing()
      ? new OperationTracking(
          startedOf(facts, context?.tenantId ?? context?.scope?.tenantId),
          tablesOfAccesses(facts.accesses),
        )
      : undefined;
    try {
      if (context?.scope) guardAccesses(context.scope, facts.operation, facts.accesses);
      return new Operation(facts, client(), tracking);
    } catch (error) {
      // A refused operation is reported too: an attempt to cross the tenant boundary is worth seeing.
      tracking?.end(error, undefined);
      throw error;
    }
  }

  /** Sends one request of the operation. `O` is the command's output type. */
  send<O>(command: DynamoCommand, failure?: RequestFailure): Promise<O> {
    const tracking = this.#tracking;
    return tracking
      ? tracking.request(command, () => this.#send<O>(command, failure))
      : this.#send<O>(command, failure);
  }

  async #send<O>(command: DynamoCommand, failure: RequestFailure | undefined): Promise<O> {
    try {
      return (await this.client.send(command as Parameters<DynamoDBClient['send']>[0])) as O;
    } catch (error) {
      const context: FailureContext = {
        operation: this.#facts.operation,
        table: failure?.table ?? tableText(this.#facts),
        label: this.#facts.label,
        key: failure?.key,
        version: failure?.version,
        outcomeUnknown: failure?.outcomeUnknown,
      };
      throw failure?.mapError ? failure.mapError(error, context) : mapAwsError(error, context);
    }
  }

  /** Items read (found) or written, for the operation's report. */
  items(count: number): void {
    this.#tracking?.items(count);
  }

  /** Runs the rest of the operation and ends it, with the error it fails with (if any). */
  async run<R>(work: () => Promise<R>): Promise<R> {
    try {
      const result = await work();
      this.end();
      return result;
    } catch (error) {
      this.end(error);
      throw error;
    }
  }

  /**
   * Yields `items` as the rest of the operation, and ends it when they end, fail, or the consumer stops
   * iterating (a success then): `run` for an operation of pages.
   */
  async *through<T>(items: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
    let failure: unknown;
    try {
      yield* items;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      this.end(failure);
    }
  }

  /**
   * A batch chunk's send, counted: each call after the first sends unprocessed items again, and is reported
   * as a retry of that many items.
   */
  chunkSender<W, R>(send: (pending: readonly W[]) => Promise<R>): (pending: readonly W[]) => Promise<R> {
    const tracking = this.#tracking;
    if (!tracking) return send;
    let sent = false;
    return (pending) => {
      if (sent) tracking.retried(pending.length);
      sent = true;
      return send(pending);
    };
  }

  /** Whether anybody follows this operation (work done only for the report can be skipped otherwise). */
  get observed(): boolean {
    return this.#tracking !== undefined;
  }

  /** Ends the operation: reports it, with the error it failed with (if any). */
  end(error?: unknown): void {
    this.#tracking?.end(error, this.client);
  }
}

/** A single-request operation: start it, send its one request, end it. `items` counts what it read or wrote. */
export async function sendOnce<O>(
  facts: OperationFacts,
  client: () => DynamoDBClient,
  command: DynamoCommand,
  failure?: RequestFailure,
  items?: (output: O) => number,
): Promise<O> {
  const operation = Operation.start(facts, client);
  return operation.run(async () => {
    const output = await operation.send<O>(command, failure);
    if (operation.observed) operation.items(items ? items(output) : 1);
    return output;
  });
}

/** The tables of a batch or transaction, once each. */
export function tablesOf(names: Iterable<string>): readonly string[] {
  return [...new Set(names)];
}
