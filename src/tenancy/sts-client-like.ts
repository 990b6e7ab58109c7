// The shapes of @aws-sdk/client-sts that the STS provider's public types name, written out here: the published
// declarations must type-check in an app that does not install client-sts (an optional peer dependency: only
// STS-scoped tenants need it, and it is loaded on the first AssumeRole). The SDK's own types satisfy these:
// an STSClient is an StsClientLike, an STSClientConfig an StsClientConfigLike, an AssumeRoleCommandInput accepts
// an AssumeRoleRequest (test/types/sts-shapes.test.ts checks all three against the SDK).

/** A value, or a function giving it (the SDK's `Provider<T>`). */
export type StsProvided<T> = T | (() => Promise<T>);

/** Credentials for the STS client itself (the SDK's AwsCredentialIdentity). */
export interface StsCallerCredentials {
  /** The AWS access key ID. */
  readonly accessKeyId: string;
  /** The AWS secret access key. */
  readonly secretAccessKey: string;
  /** The session (security) token, present with temporary credentials. */
  readonly sessionToken?: string;
  /** When the credentials stop being accepted (absent: they do not expire). */
  readonly expiration?: Date;
}

/**
 * An STS client: an `STSClient` of `@aws-sdk/client-sts` (either copy, ESM or CommonJS). The provider sends it
 * AssumeRole commands and destroys it on close() when it created it; for the SDK's full type, `as STSClient`.
 */
export interface StsClientLike {
  /** Sends a command (the provider sends AssumeRoleCommand) and resolves with its output. */
  send(command: { readonly input: object }): Promise<object>;
  /** Releases the client's resources, such as its HTTP handler's sockets. */
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
  /**
   * The credentials the STS client signs its requests with (the caller that assumes the role); default: the SDK's
   * default credential provider chain.
   */
  readonly credentials?:
    | StsProvided<StsCallerCredentials>
    | ((identityProperties?: object) => Promise<StsCallerCredentials>);
  /** Default: the provider's connection pool (option `http`). */
  readonly requestHandler?: object;
  /** The most times a request that meets a retryable failure is attempted. */
  readonly maxAttempts?: StsProvided<number>;
  /** The retry algorithm: `"standard"` or `"adaptive"`. */
  readonly retryMode?: StsProvided<string>;
  /** Whether to use FIPS-compliant endpoints. */
  readonly useFipsEndpoint?: StsProvided<boolean>;
  /** Whether to use IPv6/IPv4 dual-stack endpoints. */
  readonly useDualstackEndpoint?: StsProvided<boolean>;
  /** A custom user agent, appended to the SDK's default one. */
  readonly customUserAgent?: string | readonly (readonly [string, string?])[];
  /** A logger for the SDK's debug/info/warn/error messages. */
  readonly logger?: object;
  /** A profile of the shared AWS configuration files for this client only (like `AWS_PROFILE`, for one client). */
  readonly profile?: string;
  /**
   * The SDK's defaults mode (`"standard"`, `"in-region"`, `"cross-region"`, `"mobile"`, `"auto"`, `"legacy"`), which
   * decides how some defaults are chosen.
   */
  readonly defaultsMode?: StsProvided<string>;
  /** The API version, set by the SDK itself; not meant to be set. */
  readonly apiVersion?: unknown;
  /** Auth scheme names in order of preference (e.g. `sigv4`). */
  readonly authSchemePreference?: unknown;
  /** The function that decodes a base64 string to bytes. */
  readonly base64Decoder?: unknown;
  /** The function that encodes bytes as a base64 string. */
  readonly base64Encoder?: unknown;
  /** The function that calculates the length of a request body. */
  readonly bodyLengthChecker?: unknown;
  /**
   * Whether the middleware stack is resolved once per command class (default false); later changes to it are then
   * ignored.
   */
  readonly cacheMiddleware?: unknown;
  /** The default credentials provider, used when `credentials` is not given (not in browsers). */
  readonly credentialDefaultProvider?: unknown;
  /** The provider of the default `user-agent` / `x-amz-user-agent` information. */
  readonly defaultUserAgentProvider?: unknown;
  /** Whether to keep operations' hostPrefix trait from changing the endpoint. */
  readonly disableHostPrefix?: unknown;
  /** A custom endpoint resolver, replacing the SDK's endpoint rules. */
  readonly endpointProvider?: unknown;
  /** Runtime extensions that configure the client. */
  readonly extensions?: unknown;
  /** The resolver of which HTTP auth scheme a request uses. */
  readonly httpAuthSchemeProvider?: unknown;
  /** The HTTP auth schemes, with their default identity providers and signers. */
  readonly httpAuthSchemes?: unknown;
  /** The retry strategy (default: the SDK's exponential backoff). */
  readonly retryStrategy?: unknown;
  /** The runtime environment. */
  readonly runtime?: unknown;
  /** The service's unique identifier. */
  readonly serviceId?: unknown;
  /** The constructor of the SHA-256 hash/HMAC implementation used for signing. */
  readonly sha256?: unknown;
  /** The request signer (or a function giving one). */
  readonly signer?: unknown;
  /**
   * The SigV4 service signing name (`sts`); not an STSClientConfig option in recent client-sts releases, passed on
   * as given.
   */
  readonly signingName?: unknown;
  /** The region requests are signed for, when it differs from the endpoint's region. */
  readonly signingRegion?: unknown;
  /** A SigV4-compatible signer class to use instead of the SDK's SignatureV4. */
  readonly signerConstructor?: unknown;
  /** The function that collects a stream into bytes. */
  readonly streamCollector?: unknown;
  /** Whether to disable clock skew correction (default false: the signing time is adjusted to the server's clock). */
  readonly disableClockSkewCorrection?: unknown;
  /**
   * Whether to ignore endpoint URLs from environment variables and the shared configuration files (default false;
   * `endpoint` still applies).
   */
  readonly ignoreConfiguredEndpointUrls?: unknown;
  /** The (de)serialization protocol of requests and responses (not the transport), or its constructor. */
  readonly protocol?: unknown;
  /** Settings passed to `protocol` when it is a constructor (generated by the SDK). */
  readonly protocolSettings?: unknown;
  /** Used internally by the SDK; not to be set. */
  readonly serviceConfiguredEndpoint?: unknown;
  /** Whether the request path is escaped when signing. */
  readonly signingEscapePath?: unknown;
  /** The region set of SigV4a signing, overriding every other source of it. */
  readonly sigv4aSigningRegionSet?: unknown;
  /** Whether requests use TLS. */
  readonly tls?: unknown;
  /** An offset in milliseconds applied to every signing time. */
  readonly systemClockOffset?: unknown;
  /** The function that parses a URL string into an HTTP endpoint. */
  readonly urlParser?: unknown;
  /**
   * Whether the region of a resource ARN overrides the client's region (an option of S3 clients); not an
   * STSClientConfig option in recent client-sts releases, passed on as given.
   */
  readonly useArnRegion?: unknown;
  /**
   * Whether the global STS endpoint (`https://sts.amazonaws.com`) is used instead of the regional one, for the
   * regions where the SDK's endpoint rules allow it.
   */
  readonly useGlobalEndpoint?: unknown;
  /** An application ID added to the user agent, identifying the application. */
  readonly userAgentAppId?: unknown;
  /** The function that converts a UTF-8 string to bytes. */
  readonly utf8Decoder?: unknown;
  /** The function that converts bytes to a UTF-8 string. */
  readonly utf8Encoder?: unknown;
}

/** A session tag of AssumeRole. */
export interface StsSessionTag {
  /** The tag's key (at most 128 characters; tag keys are not case-sensitive). */
  Key: string | undefined;
  /** The tag's value (at most 256 characters). */
  Value: string | undefined;
}

/** The AssumeRole parameters the provider sends (those of `AssumeRoleCommandInput` it sets). */
export interface AssumeRoleRequest {
  /** The ARN of the role to assume. */
  RoleArn: string | undefined;
  /** The session's name: it identifies the session in the assumed role's ARN and in CloudTrail logs. */
  RoleSessionName: string | undefined;
  /** The session's duration in seconds: from 900 up to the role's maximum session duration (AWS default 3600). */
  DurationSeconds?: number | undefined;
  /** The external ID the role's trust policy may require (cross-account access). */
  ExternalId?: string | undefined;
  /** Session tags (at most 50): key-value pairs that IAM policies can test as `aws:PrincipalTag/<key>`. */
  Tags?: StsSessionTag[] | undefined;
  /** The keys of session tags that pass on to later sessions of a role chain. */
  TransitiveTagKeys?: string[] | undefined;
  /** An inline session policy (JSON): the session may do only what both it and the role's policies allow. */
  Policy?: string | undefined;
  /**
   * Managed session policies (at most 10, in the role's account): like `Policy`, they narrow the role's permissions.
   */
  PolicyArns?:
    | {
        /** The ARN of an IAM managed policy to use as a session policy. */
        arn?: string | undefined;
      }[]
    | undefined;
  /** The source identity of the caller: it persists across chained role sessions and shows in CloudTrail. */
  SourceIdentity?: string | undefined;
  /**
   * The serial number or ARN of the caller's MFA device, when the role's trust policy requires MFA. Not sent by
   * the provider; read by the local STS.
   */
  SerialNumber?: string | undefined;
  /**
   * The six-digit code of the MFA device named by `SerialNumber`, when the role's trust policy requires MFA. Not
   * sent by the provider either; read by the local STS.
   */
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
