import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AssumeRoleTarget } from './assume-role-target.js';

/** Temporary credentials, in the shape the AWS SDK signs with. */
export interface ScopedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export interface IssuedCredentials {
  readonly identity: ScopedCredentials;
  /** Provider-clock milliseconds. */
  readonly expiresAt: number;
  /** From here on the next request renews them: expiry minus refreshBeforeExpirySeconds. */
  readonly refreshAt: number;
}

export type RenewalReason = 'first' | 'before-expiry' | 'expired' | 'expired-token';

/** What a session needs from its provider. */
export interface SessionHost {
  now(): number;
  /** One AssumeRole for the session (STS call, events, stats, negative cache). Rejects with a TenantCredentialsError. */
  assume(session: TenantSession, reason: RenewalReason): Promise<IssuedCredentials>;
  /** A renewal failed with a retryable error while the current credentials are still valid; they keep serving. */
  renewalFailedUsingCurrent(session: TenantSession, error: unknown): void;
  /** How long to keep serving still-valid credentials after a failed renewal before trying again. */
  readonly renewalRetryDelayMs: number;
}

/**
 * Credentials this close to their expiry are not handed out any more: a
 * request signed now could reach DynamoDB after they expired.
 */
export const EXPIRY_MARGIN_MS = 10_000;
/** Access key ids of a session that requests in flight may still be signed with. */
const REMEMBERED_KEYS = 3;

function retryable(error: unknown): boolean {
  return (error as { retryable?: unknown } | undefined)?.retryable === true;
}

/**
 * One cache entry: the credentials of one AssumeRole target and the scoped
 * client that signs with them. The client stays the same object for the
 * entry's whole life; its credentials are renewed underneath it, once for all
 * concurrent callers (single flight), while requests already signed with the
 * previous ones finish with them.
 */
export class TenantSession {
  readonly key: string;
  readonly tenantId: string;
  readonly target: AssumeRoleTarget;
  readonly client: DynamoDBClient;
  readonly #host: SessionHost;
  #current: IssuedCredentials | undefined;
  #renewal: Promise<IssuedCredentials> | undefined;
  #invalidated = false;
  #retryRenewalAt = 0;
  readonly #keys: string[] = [];

  constructor(target: AssumeRoleTarget, host: SessionHost, client: (session: TenantSession) => DynamoDBClient) {
    this.key = target.key;
    this.tenantId = target.tenantId;
    this.target = target;
    this.#host = host;
    this.client = client(this);
  }

  get roleArn(): string {
    return this.target.request.RoleArn as string;
  }

  get sessionName(): string {
    return this.target.request.RoleSessionName as string;
  }

  /** 'fresh': usable without STS; 'renewing': an AssumeRole runs; 'due': the next use starts one. */
  state(now = this.#host.now()): 'fresh' | 'renewing' | 'due' {
    if (this.#current && now < this.#current.refreshAt) return 'fresh';
    return this.#renewal ? 'renewing' : 'due';
  }

  get hasCredentials(): boolean {
    return this.#current !== undefined;
  }

  /** Expiry of the current credentials (provider-clock ms), if any. */
  get expiresAt(): number | undefined {
    return this.#current?.expiresAt;
  }

  get renewing(): boolean {
    return this.#renewal !== undefined;
  }

  /** True when requests signed with this access key id belong to this session. */
  ownsKey(accessKeyId: string): boolean {
    return this.#keys.includes(accessKeyId);
  }

  /**
   * The credentials for one request: the current ones while fresh; otherwise
   * the result of one renewal shared by every concurrent caller. When a
   * renewal fails with a retryable error (throttling, network) and the
   * current credentials are still valid, those keep serving for a while.
   */
  async credentials(): Promise<ScopedCredentials> {
    const now = this.#host.now();
    const current = this.#current;
    if (current && now < current.refreshAt) return current.identity;
    const stillValid = current !== undefined && now < current.expiresAt - EXPIRY_MARGIN_MS;
    if (stillValid && now < this.#retryRenewalAt) return current.identity;
    try {
      return (await this.renew()).identity;
    } catch (error) {
      if (stillValid && retryable(error) && this.#current === current) {
        this.#retryRenewalAt = this.#host.now() + this.#host.renewalRetryDelayMs;
        this.#host.renewalFailedUsingCurrent(this, error);
        return current.identity;
      }
      // AccessDenied and the like: the trust relationship changed; stop using what it issued before.
      if (!retryable(error) && this.#current === current) this.#current = undefined;
      throw error;
    }
  }

  /** Starts a renewal, or joins the one running. */
  renew(): Promise<IssuedCredentials> {
    if (this.#renewal) return this.#renewal;
    const renewal = this.#host.assume(this, this.#reason()).then((issued) => {
      this.#current = issued;
      this.#invalidated = false;
      this.#retryRenewalAt = 0;
      this.#keys.push(issued.identity.accessKeyId);
      if (this.#keys.length > REMEMBERED_KEYS) this.#keys.shift();
      return issued;
    });
    this.#renewal = renewal;
    // Registered before any caller awaits `renewal`, so it has run by the time they resume.
    const clear = () => {
      if (this.#renewal === renewal) this.#renewal = undefined;
    };
    renewal.then(clear, clear);
    return renewal;
  }

  /**
   * DynamoDB said the credentials a request was signed with are expired or
   * unknown: drop them (only if they are still the current ones, so N failed
   * requests cause one renewal, not N).
   */
  invalidate(usedAccessKeyId: string | undefined): boolean {
    const current = this.#current;
    if (!current) return false;
    if (usedAccessKeyId !== undefined && current.identity.accessKeyId !== usedAccessKeyId) return false;
    this.#current = undefined;
    this.#invalidated = true;
    return true;
  }

  #reason(): RenewalReason {
    const current = this.#current;
    if (!current) return this.#invalidated ? 'expired-token' : 'first';
    return this.#host.now() >= current.expiresAt - EXPIRY_MARGIN_MS ? 'expired' : 'before-expiry';
  }
}
