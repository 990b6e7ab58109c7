/** The public shapes of the local STS (`fluent-dynamo/testing`). */
import type { AssumeRoleRequest } from '../../tenancy/sts-client-like.js';
import type { LocalStsClock, LocalStsClockOptions } from './clock.js';
import type { LocalStsErrorCode } from './error-codes.js';
import type { LocalStsSession } from './issuer.js';

/** What a role's trust policy and settings allow. */
export interface LocalStsRole {
  /** The sts:ExternalId the trust policy requires; a call without it, or with another, is AccessDenied. */
  externalId?: string;
  /** Access key ids of the callers the trust policy lets in. Default: anyone. */
  principals?: readonly string[];
  /** The role's MaxSessionDuration (3600..43200). Default 43200. */
  maxSessionDurationSeconds?: number;
  /** Whether the trust policy allows sts:TagSession. Default true. */
  allowSessionTags?: boolean;
}

/** Options of startLocalSts(): where it listens, the roles it knows, its clock, its latency. */
export interface LocalStsOptions {
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Region in the endpoint's signing scope. Default 'us-east-1'. */
  region?: string;
  /** Account of callers that are not assumed roles (GetCallerIdentity, error messages). Default '123456789012'. */
  accountId?: string;
  /** Roles by ARN. */
  roles?: Readonly<Record<string, LocalStsRole>>;
  /** Roles not in `roles`: 'allow' (default: any role exists and trusts everyone) or 'deny' (AccessDenied). */
  unknownRoles?: 'allow' | 'deny';
  /** The local STS clock: its start time, frozen or running. Default: the system time, running. */
  clock?: LocalStsClockOptions;
  /** Delay before every answer, in ms (to make concurrent calls overlap in tests). Default 0. */
  latencyMs?: number;
  /** Length of the session tokens issued. Default 700, about what STS issues. */
  sessionTokenLength?: number;
}

/** One call the local STS answered. */
export interface LocalStsCall {
  /** The STS action (`AssumeRole`, `GetCallerIdentity`, ...). */
  readonly action: string;
  /** Local STS clock time. */
  readonly at: Date;
  /** Access key id the request was signed with. */
  readonly caller: string | undefined;
  /** The AssumeRole parameters (empty for other actions). */
  readonly input: Readonly<AssumeRoleRequest> | Record<string, never>;
  /** How the call was answered: the credentials issued, or the error returned. */
  readonly outcome:
    | {
        /** The call succeeded. */
        readonly ok: true;
        /** The access key id of the credentials issued (AssumeRole). */
        readonly accessKeyId?: string;
        /** When those credentials expire (local STS clock). */
        readonly expiresAt?: Date;
      }
    | {
        /** The call failed. */
        readonly ok: false;
        /** The STS error code returned. */
        readonly code: LocalStsErrorCode;
        /** The error message returned. */
        readonly message: string;
      };
}

/** Which calls `failNext()` makes fail, and how often. */
export interface FailNextOptions {
  /** How many matching calls fail. Default 1; Infinity for "until reset()". */
  times?: number;
  /** Only calls for this role. */
  roleArn?: string;
  /** Only this action. Default 'AssumeRole'. */
  action?: string;
  /** Message instead of STS's usual one. */
  message?: string;
}

/** A running local STS. */
export interface LocalSts {
  /** e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  /** The port it listens on. */
  readonly port: number;
  /** The region of its signing scope. */
  readonly region: string;
  /** The account of callers that are not assumed roles. */
  readonly accountId: string;
  /** Its clock: issue and expiry times of credentials follow it; advance it to expire them. */
  readonly clock: LocalStsClock;
  /** Delay before every answer, in ms; can be changed at any time. */
  latencyMs: number;
  /** STS client settings for this endpoint, signed as `accessKeyId` (default 'localstscaller'). */
  clientConfig(accessKeyId?: string): {
    /** This STS's endpoint. */
    endpoint: string;
    /** Its region. */
    region: string;
    /** Static credentials signed as `accessKeyId`. */
    credentials: {
      /** The access key id given (default 'localstscaller'). */
      accessKeyId: string;
      /** A fixed secret ('localstssecret'): the local STS does not verify signatures. */
      secretAccessKey: string;
    };
  };
  /** Calls answered so far, oldest first. */
  calls(filter?: { action?: string; roleArn?: string }): LocalStsCall[];
  /** AssumeRole calls (successful or not), optionally of one role. */
  assumeRoleCalls(roleArn?: string): LocalStsCall[];
  /** Adds, replaces or (with undefined) removes a role. */
  setRole(roleArn: string, role: LocalStsRole | undefined): void;
  /** The next matching call(s) fail with `code`. */
  failNext(code: LocalStsErrorCode | `${string}Exception`, options?: FailNextOptions): void;
  /** Credentials this STS issued, by access key id. */
  session(accessKeyId: string): LocalStsSession | undefined;
  /** Makes issued credentials invalid (calls with them get InvalidClientTokenId). */
  revoke(accessKeyId: string): void;
  /** Forgets recorded calls and pending failures; roles and issued sessions stay. */
  reset(): void;
  /** Closes the server and its connections. Idempotent. */
  stop(): Promise<void>;
}
