import { ConfigurationError } from '../clients/configuration-error.js';
import type { AssumeRoleRequest, StsClientConfigLike, StsClientLike } from './sts-client-like.js';

/** What the provider uses of @aws-sdk/client-sts (typed structurally: its declarations need no SDK types). */
export interface StsModule {
  readonly STSClient: new (config: StsClientConfigLike) => StsClientLike;
  readonly AssumeRoleCommand: new (input: AssumeRoleRequest) => { readonly input: object };
}

let loading: Promise<StsModule> | undefined;

/**
 * `@aws-sdk/client-sts`, loaded on first use: importing fluent-dynamo does not
 * load it, so an app that never assumes a tenant role never pays its import
 * time (Lambda cold starts). It is an optional peer dependency: when it is
 * missing, a ConfigurationError says how to install it.
 */
export function loadStsModule(): Promise<StsModule> {
  // An STSClientConfig is what StsClientConfigLike describes: the SDK's constructor takes it as given.
  loading ??= (import('@aws-sdk/client-sts') as Promise<StsModule>).catch((error: unknown) => {
    loading = undefined;
    throw new ConfigurationError(
      `StsTenantClientProvider needs @aws-sdk/client-sts, an optional peer dependency of fluent-dynamo: npm i @aws-sdk/client-sts (${(error as Error).message})`,
      'sts',
    );
  });
  return loading;
}
