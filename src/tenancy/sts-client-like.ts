// The shapes of @aws-sdk/client-sts that the STS provider's public types name, written out here: the published
// declarations must type-check in an app that does not install client-sts (an optional peer dependency: only
// STS-scoped tenants need it, and it is loaded on the first AssumeRole). The SDK's own types satisfy these:
// an STSClient is an StsClientLike, an STSClientConfig an StsClientConfigLike, an AssumeRoleCommandInput accepts
// an AssumeRoleRequest (test/types/sts-shapes.test.ts checks all three against the SDK).

/** A value, or a function giving it (the SDK's `Provider<T>`). */
export type StsProvided<T> = T | (() => Promise<T>);

/** Credentials for the STS client itself (the SDK's AwsCredentialIdentity). */
export interface StsCallerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/**
 * An STS client: an `STSClient` of `@aws-sdk/client-sts` (either copy, ESM or CommonJS). The provider sends it
 * AssumeRole commands and destroys it on close() when it created it; for the SDK's full type, `as STSClient`.
 */
export interface StsClientLike {
  send(command: { readonly input: object }): Promise<object>;
  destroy(): void;
  /** How an STSClient is told from its configuration (a configuration object has none). */
  readonly middlewareStack: object;
}

/**
 * The configuration of the STS client the provider creates (`new STSClient(config)`): an `STSClientConfig`.
 * The options most set are typed; the others are the SDK's, passed on as given.
 */
export interface StsClientConfigLike {
  /** Default: `dynamo.region`. */
  readonly region?: StsProvided<string>;
  /** A local STS (`startLocalSts().endpoint`), a VPC endpoint or a regional one. */
  readonly endpoint?: StsProvided<string | object>;
  readonly credentials?:
    | StsProvided<StsCallerCredentials>
    | ((identityProperties?: object) => Promise<StsCallerCredentials>);
  /** Default: the provider's connection pool (option `http`). */
  readonly requestHandler?: object;
  readonly maxAttempts?: StsProvided<number>;
  readonly retryMode?: StsProvided<string>;
  readonly useFipsEndpoint?: StsProvided<boolean>;
  readonly useDualstackEndpoint?: StsProvided<boolean>;
  readonly customUserAgent?: string | readonly (readonly [string, string?])[];
  readonly logger?: object;
  readonly profile?: string;
  readonly defaultsMode?: StsProvided<string>;
  readonly apiVersion?: unknown;
  readonly authSchemePreference?: unknown;
  readonly base64Decoder?: unknown;
  readonly base64Encoder?: unknown;
  readonly bodyLengthChecker?: unknown;
  readonly cacheMiddleware?: unknown;
  readonly credentialDefaultProvider?: unknown;
  readonly defaultUserAgentProvider?: unknown;
  readonly disableHostPrefix?: unknown;
  readonly endpointProvider?: unknown;
  readonly extensions?: unknown;
  readonly httpAuthSchemeProvider?: unknown;
  readonly httpAuthSchemes?: unknown;
  readonly retryStrategy?: unknown;
  readonly runtime?: unknown;
  readonly serviceId?: unknown;
  readonly sha256?: unknown;
  readonly signer?: unknown;
  readonly signingName?: unknown;
  readonly signingRegion?: unknown;
  readonly signerConstructor?: unknown;
  readonly streamCollector?: unknown;
  readonly disableClockSkewCorrection?: unknown;
  readonly ignoreConfiguredEndpointUrls?: unknown;
  readonly protocol?: unknown;
  readonly protocolSettings?: unknown;
  readonly serviceConfiguredEndpoint?: unknown;
  readonly signingEscapePath?: unknown;
  readonly sigv4aSigningRegionSet?: unknown;
  readonly tls?: unknown;
  readonly systemClockOffset?: unknown;
  readonly urlParser?: unknown;
  readonly useArnRegion?: unknown;
  readonly useGlobalEndpoint?: unknown;
  readonly userAgentAppId?: unknown;
  readonly utf8Decoder?: unknown;
  readonly utf8Encoder?: unknown;
}

/** A session tag of AssumeRole. */
export interface StsSessionTag {
  Key: string | undefined;
  Value: string | undefined;
}

/** The AssumeRole parameters the provider sends (those of `AssumeRoleCommandInput` it sets). */
export interface AssumeRoleRequest {
  RoleArn: string | undefined;
  RoleSessionName: string | undefined;
  DurationSeconds?: number | undefined;
  ExternalId?: string | undefined;
  Tags?: StsSessionTag[] | undefined;
  TransitiveTagKeys?: string[] | undefined;
  Policy?: string | undefined;
  PolicyArns?: { arn?: string | undefined }[] | undefined;
  SourceIdentity?: string | undefined;
  /** Not sent by the provider; read by the local STS (MFA). */
  SerialNumber?: string | undefined;
  TokenCode?: string | undefined;
}

/** What the provider reads of an AssumeRole answer. */
export interface AssumeRoleAnswer {
  readonly Credentials?:
    | {
        readonly AccessKeyId: string | undefined;
        readonly SecretAccessKey: string | undefined;
        readonly SessionToken: string | undefined;
        readonly Expiration: Date | undefined;
      }
    | undefined;
}
