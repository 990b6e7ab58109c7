import { FluentDynamoError } from '../errors/fluent-dynamo-error.js';

/**
 * Options given to a client factory or to the tenant provider are wrong
 * (a negative timeout, a malformed region, a refresh buffer longer than the
 * session). Thrown at construction, before anything is sent.
 */
export class ConfigurationError extends FluentDynamoError {
  constructor(
    message: string,
    /** The option at fault, e.g. `durationSeconds`. */
    readonly option: string,
  ) {
    super(message);
  }
}
