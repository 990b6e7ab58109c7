import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isDynamoClient, resolveClient } from '../../context/client-context.js';
import { InvalidRequestError } from '../../errors/errors.js';
import { BuilderBase } from '../shared/builder-base.js';

/** The client a single-item builder was given with its own withClient(), if any. */
export function explicitClientOf(builder: object): DynamoDBClient | undefined {
  return builder instanceof BuilderBase ? builder.explicitClient : undefined;
}

export interface OperationClient {
  readonly index: number;
  readonly client: DynamoDBClient;
}

/**
 * The client a batch or transaction runs on. One request goes to one client,
 * so the explicit choices (the batch's withClient() and any withClient() on
 * an operation's builder) must all be the same client; a mismatch would send
 * some tenant's operation through another tenant's credentials, so it is
 * refused instead of guessed. Then the client precedence: explicit >
 * runWithClient (read now, at execute()) > the constructor's client.
 */
export function chooseClient(
  owner: string,
  own: DynamoDBClient | undefined,
  operations: readonly OperationClient[],
  fallback: DynamoDBClient,
): DynamoDBClient {
  let explicit = own;
  let from = own ? `${owner}.withClient()` : undefined;
  for (const { index, client } of operations) {
    if (explicit === undefined) {
      explicit = client;
      from = `operation ${index}`;
    } else if (client !== explicit) {
      throw new InvalidRequestError(
        `${owner}: operation ${index} was built with withClient() of another client than ${from}; ` +
          'all operations of one request run on one client: set it once with withClient() on the batch or transaction',
      );
    }
  }
  return resolveClient(explicit, fallback);
}

/** Checks a client given to a constructor or to withClient(). */
export function checkedClient(owner: string, client: DynamoDBClient): DynamoDBClient {
  if (!isDynamoClient(client)) {
    throw new InvalidRequestError(`${owner} needs a DynamoDBClient`);
  }
  return client;
}
