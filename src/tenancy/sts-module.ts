import type * as Sts from '@aws-sdk/client-sts';
import { ConfigurationError } from '../clients/configuration-error.js';

let loading: Promise<typeof Sts> | undefined;

/**
 * `@aws-sdk/client-sts`, loaded on first use: importing fluent-dynamo does not
 * load it, so an app that never assumes a tenant role never pays its import
 * time (Lambda cold starts). It is an optional peer dependency: when it is
 * missing, a ConfigurationError says how to install it.
 */
export function loadStsModule(): Promise<typeof Sts> {
  loading ??= import('@aws-sdk/client-sts').catch((error: unknown) => {
    loading = undefined;
    throw new ConfigurationError(
      `StsTenantClientProvider needs @aws-sdk/client-sts, an optional peer dependency of fluent-dynamo: npm i @aws-sdk/client-sts (${(error as Error).message})`,
      'sts',
    );
  });
  return loading;
}
