import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { contextStorage } from '../../context/context-storage.js';
import { type FailureContext, mapAwsError } from '../../errors/map-aws-error.js';
import type { Access } from '../../isolation/accesses.js';
import { guardAccesses } from '../../isolation/guard.js';

/** The DynamoDB operations the builders send. */
export type OperationName =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactGetItems'
  | 'TransactWriteItems';

/** What a builder knows of one logical operation (a get; a query over all its pages; a whole batch) before sending. */
export interface OperationFacts {
  readonly operation: OperationName;
  /** The table, or the tables of a batch or transaction (comma-separated), as errors name it. */
  readonly table: string;
  /** The entity class name, or the table name: what errors call the thing addressed. */
  readonly label: string;
  /** Every item and partition the operation reads or writes, for the tenant guard. */
  readonly accesses: readonly Access[];
}

/** An SDK command of the DynamoDB client (GetItemCommand, ...); `send<O>` names its output type. */
export interface DynamoCommand {
  readonly input: object;
}

/** What a failed request reports beyond the operation's facts: the key, the expected @Version, ... */
export type RequestFailure = Partial<Pick<FailureContext, 'key' | 'version' | 'outcomeUnknown' | 'table'>> & {
  /** Replaces mapAwsError for requests whose errors say more (a transaction's cancellation reasons). */
  readonly mapError?: (error: unknown, context: FailureContext) => Error;
};

/**
 * The one way a request reaches DynamoDB. `Operation.start` checks the operation's facts with the tenant
 * guard and resolves its client, once, before anything is sent; `send` sends one request of it and turns
 * an AWS error into the package's named errors. Every builder goes through here, so no operation can skip
 * the guard or the error mapping.
 */
export class Operation {
  private constructor(
    readonly facts: OperationFacts,
    readonly client: DynamoDBClient,
  ) {}

  /** Guards the facts in the tenant scope around the caller (if any), then resolves the client (a refused operation never asks for one). */
  static start(facts: OperationFacts, client: () => DynamoDBClient): Operation {
    const scope = contextStorage.getStore()?.scope;
    if (scope) guardAccesses(scope, facts.operation, facts.accesses);
    return new Operation(facts, client());
  }

  /** Sends one request of the operation. `O` is the command's output type. */
  async send<O>(command: DynamoCommand, failure?: RequestFailure): Promise<O> {
    try {
      return (await this.client.send(command as Parameters<DynamoDBClient['send']>[0])) as O;
    } catch (error) {
      const context: FailureContext = {
        operation: this.facts.operation,
        table: failure?.table ?? this.facts.table,
        label: this.facts.label,
        key: failure?.key,
        version: failure?.version,
        outcomeUnknown: failure?.outcomeUnknown,
      };
      throw failure?.mapError ? failure.mapError(error, context) : mapAwsError(error, context);
    }
  }
}

/** A single-request operation: start it and send its one request. */
export function sendOnce<O>(
  facts: OperationFacts,
  client: () => DynamoDBClient,
  command: DynamoCommand,
  failure?: RequestFailure,
): Promise<O> {
  return Operation.start(facts, client).send<O>(command, failure);
}

/** The tables of a batch or transaction, once each, as errors name them. */
export function tablesOf(targets: readonly { readonly tableName: string }[]): string {
  return [...new Set(targets.map((t) => t.tableName))].join(', ');
}
