import { type FailureContext, mapAwsError } from '../../errors/map-aws-error.js';

/** Sends one request and turns an AWS error into the package's named errors. */
export async function sendMapped<O>(send: () => Promise<O>, context: FailureContext): Promise<O> {
  try {
    return await send();
  } catch (error) {
    throw mapAwsError(error, context);
  }
}
