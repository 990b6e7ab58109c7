import { ConfigurationError } from './configuration-error.js';

// Regions end up in host names (dynamodb.<region>.amazonaws.com): only the
// characters AWS region names use, so a region taken from a request or a
// tenant record cannot point a client at another host.
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Throws a ConfigurationError unless `region` looks like an AWS region name (`eu-west-1`, `us-gov-west-1`, `local`). */
export function assertRegion(region: unknown, option = 'region'): asserts region is string {
  if (typeof region !== 'string' || region.length === 0 || region.length > 32 || !REGION.test(region)) {
    throw new ConfigurationError(
      `${option} must be an AWS region name such as "eu-west-1" (lowercase letters, digits and dashes), got ${JSON.stringify(region)}`,
      option,
    );
  }
}
