import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { currentClient, resolveClient } from '../../context/client-context.js';
import { InvalidRequestError } from '../../errors/errors.js';
import { explicitClientOf } from '../batching/client-choice.js';
import type { Configure, TargetSource } from '../batching/sources.js';

/**
 * What a batch or transaction built by `transaction()`, `batchWrite()`, ...
 * learns from its operations: the clients of the repositories it addresses
 * (its fallback, as a single-item builder falls back to its repository's),
 * and whether an operation chose a client of its own with withClient().
 */
export class RepositoryClients {
  readonly #owner: string;
  /** Each distinct repository client, with the label of the first repository that has it (for messages). */
  readonly #clients = new Map<DynamoDBClient, string>();
  #operationChoseClient = false;

  constructor(owner: string) {
    this.#owner = owner;
  }

  /** Records the repository of an operation, and wraps its callback to see a withClient() on the operation. */
  watch<S extends TargetSource<unknown>, B, Out>(source: S, configure: Configure<B, Out>): Configure<B, Out> {
    const target = source?.target;
    if (target?.client && !this.#clients.has(target.client)) this.#clients.set(target.client, target.label);
    if (typeof configure !== 'function') return configure; // the builder refuses it, with its own message
    return (builder) => {
      const configured = configure(builder);
      if (typeof configured === 'object' && configured !== null && explicitClientOf(configured)) {
        this.#operationChoseClient = true;
      }
      return configured;
    };
  }

  /**
   * The client to send with when nothing explicit was chosen (undefined when an operation chose one: the builder
   * then uses it): the ambient client (runWithClient), else the repositories' client. Repositories with different
   * clients and no ambient client are refused: which one would be a guess, and a wrong guess sends one tenant's
   * operations with another's credentials.
   */
  fallback(): DynamoDBClient | undefined {
    if (this.#operationChoseClient) return undefined;
    const [first, ...others] = this.#clients.keys();
    if (first === undefined) return undefined; // no operation: the builder refuses the empty request
    if (others.length > 0 && currentClient() === undefined) {
      throw new InvalidRequestError(
        `${this.#owner}: its repositories have different clients (${[...this.#clients.values()].join(', ')}) ` +
          'and no runWithClient() chooses one: run it inside runWithClient(client, ...) or end the callback with .withClient(client)',
      );
    }
    // The ambient client when there is one; the repositories' otherwise (refused where tenant isolation forbids it).
    return resolveClient(undefined, first);
  }
}
