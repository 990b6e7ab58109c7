import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AssumeRoleRequest } from '../../tenancy/sts-client-like.js';
import { assumeRoleRefusal } from './assume-role-validation.js';
import { createClock, type LocalStsClock } from './clock.js';
import { errorCodeOf, type LocalStsErrorCode, STS_ERRORS, StsFault } from './error-codes.js';
import { type LocalStsSession, newAccessKeyId, newSecretAccessKey, newSessionToken, roleId } from './issuer.js';
import { callerOf, parseAssumeRole } from './query.js';
import type { FailNextOptions, LocalSts, LocalStsCall, LocalStsOptions, LocalStsRole } from './types.js';
import { assumeRoleResponse, callerIdentityResponse, errorResponse } from './xml.js';

interface IssuedSession {
  readonly accessKeyId: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly caller: string;
  readonly assumedRoleArn: string;
  readonly assumedRoleId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly issuedAt: number;
  readonly expiresAt: number;
  revoked: boolean;
}

interface PendingFailure extends FailNextOptions {
  code: LocalStsErrorCode;
  remaining: number;
}
const MAX_BODY = 1024 * 1024;
const ROLE_CHAINING_LIMIT_SECONDS = 3_600;
/** The packed policy space this emulation assumes (STS does not publish its compression). */
const PACKED_SPACE = 4_096;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new StsFault('ValidationError', 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

class LocalStsServer implements LocalSts {
  readonly clock: LocalStsClock;
  readonly region: string;
  readonly accountId: string;
  latencyMs: number;
  #endpoint = '';
  #port = 0;
  readonly #server: Server;
  readonly #roles: Map<string, LocalStsRole>;
  readonly #unknownRoles: 'allow' | 'deny';
  readonly #tokenLength: number;
  readonly #calls: LocalStsCall[] = [];
  readonly #failures: PendingFailure[] = [];
  readonly #sessions = new Map<string, IssuedSession>();
  #stopping: Promise<void> | undefined;

  constructor(options: LocalStsOptions) {
    this.clock = createClock(options.clock);
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.latencyMs = options.latencyMs ?? 0;
    this.#roles = new Map(Object.entries(options.roles ?? {}));
    this.#unknownRoles = options.unknownRoles ?? 'allow';
    this.#tokenLength = options.sessionTokenLength ?? 700;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
    // Node closes idle keep-alive sockets after 5 s; a client that reuses one just then gets
    // ECONNRESET on every pooled socket at once (a test that advances a fake clock idles longer).
    // Keep them open like STS does.
    this.#server.keepAliveTimeout = 120_000;
    this.#server.headersTimeout = 125_000;
  }

  get endpoint(): string {
    return this.#endpoint;
  }

  get port(): number {
    return this.#port;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        this.#port = (this.#server.address() as AddressInfo).port;
        this.#endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${this.#port}`;
        resolve();
      });
    });
  }

  clientConfig(accessKeyId = 'localstscaller') {
    return {
      endpoint: this.endpoint,
      region: this.region,
      credentials: { accessKeyId, secretAccessKey: 'localstssecret' },
    };
  }

  calls(filter: { action?: string; roleArn?: string } = {}): LocalStsCall[] {
    return this.#calls.filter(
      (call) =>
        (filter.action === undefined || call.action === filter.action) &&
        (filter.roleArn === undefined || (call.input as AssumeRoleRequest).RoleArn === filter.roleArn),
    );
  }

  assumeRoleCalls(roleArn?: string): LocalStsCall[] {
    return this.calls({ action: 'AssumeRole', roleArn });
  }

  setRole(roleArn: string, role: LocalStsRole | undefined): void {
    if (role === undefined) this.#roles.delete(roleArn);
    else this.#roles.set(roleArn, role);
  }

  failNext(code: LocalStsErrorCode | `${string}Exception`, options: FailNextOptions = {}): void {
    const times = options.times ?? 1;
    if (!(times >= 1)) throw new RangeError(`failNext: times must be >= 1, got ${times}`);
    this.#failures.push({ ...options, code: errorCodeOf(code), remaining: times });
  }

  session(accessKeyId: string): LocalStsSession | undefined {
    const s = this.#sessions.get(accessKeyId);
    if (!s) return undefined;
    return {
      accessKeyId: s.accessKeyId,
      roleArn: s.roleArn,
      roleSessionName: s.roleSessionName,
      caller: s.caller,
      assumedRoleArn: s.assumedRoleArn,
      tags: s.tags,
      issuedAt: new Date(s.issuedAt),
      expiresAt: new Date(s.expiresAt),
      expired: this.clock.now() >= s.expiresAt,
      revoked: s.revoked,
    };
  }

  revoke(accessKeyId: string): void {
    const s = this.#sessions.get(accessKeyId);
    if (s) s.revoked = true;
  }

  reset(): void {
    this.#calls.length = 0;
    this.#failures.length = 0;
  }

  stop(): Promise<void> {
    this.#stopping ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      // Keep-alive sockets of SDK clients would hold close() open.
      this.#server.closeAllConnections();
    });
    return this.#stopping;
  }

  // --- request handling ---------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const caller = callerOf(req.headers.authorization);
    let action = '';
    let input: AssumeRoleRequest | Record<string, never> = {};
    try {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const params = new URLSearchParams(req.method === 'POST' ? await readBody(req) : '');
      for (const [name, value] of query) if (!params.has(name)) params.set(name, value);
      action = params.get('Action') ?? '';
      if (action === 'AssumeRole') input = parseAssumeRole(params);
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      if (!caller) throw new StsFault('MissingAuthenticationToken');
      this.#injectedFailure(action, input as AssumeRoleRequest);
      this.#checkCaller(caller);
      const version = params.get('Version');
      if (version !== null && version !== '2011-06-15') {
        throw new StsFault('InvalidAction', `Could not find operation ${action} for version ${version}`);
      }
      if (action === 'AssumeRole') {
        const issued = this.#assumeRole(caller, input as AssumeRoleRequest);
        this.#record(action, caller, input, {
          ok: true,
          accessKeyId: issued.accessKeyId,
          expiresAt: new Date(issued.expiresAt),
        });
        this.#send(res, 200, requestId, issued.xml(requestId));
      } else if (action === 'GetCallerIdentity') {
        this.#record(action, caller, input, { ok: true });
        this.#send(res, 200, requestId, callerIdentityResponse(this.#identity(caller), requestId));
      } else {
        throw new StsFault('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
      }
    } catch (error) {
      const fault = error instanceof StsFault ? error : new StsFault('InternalFailure', String(error));
      const wire = STS_ERRORS[fault.code];
      this.#record(action, caller, input, { ok: false, code: fault.code, message: fault.message });
      this.#send(res, wire.status, requestId, errorResponse(wire.type, wire.wire, fault.message, requestId));
    }
  }

  #send(res: ServerResponse, status: number, requestId: string, body: string): void {
    res.writeHead(status, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    });
    res.end(body);
  }

  #record(
    action: string,
    caller: string | undefined,
    input: LocalStsCall['input'],
    outcome: LocalStsCall['outcome'],
  ): void {
    this.#calls.push({ action, at: new Date(this.clock.now()), caller, input, outcome });
  }

  #injectedFailure(action: string, input: AssumeRoleRequest): void {
    const index = this.#failures.findIndex(
      (f) => (f.action ?? 'AssumeRole') === action && (f.roleArn === undefined || f.roleArn === input.RoleArn),
    );
    if (index < 0) return;
    const failure = this.#failures[index] as PendingFailure;
    failure.remaining--;
    if (failure.remaining <= 0) this.#failures.splice(index, 1);
    throw new StsFault(failure.code, failure.message);
  }

  /** A caller signing with credentials this STS issued must present live ones. */
  #checkCaller(caller: string): void {
    const session = this.#sessions.get(caller);
    if (!session) return;
    if (session.revoked) throw new StsFault('InvalidClientTokenId');
    if (this.clock.now() >= session.expiresAt) throw new StsFault('ExpiredToken');
  }

  #identity(caller: string): { arn: string; userId: string; account: string } {
    const session = this.#sessions.get(caller);
    if (session) {
      return {
        arn: session.assumedRoleArn,
        userId: session.assumedRoleId,
        account: session.assumedRoleArn.split(':')[4] as string,
      };
    }
    return { arn: `arn:aws:iam::${this.accountId}:user/${caller}`, userId: caller, account: this.accountId };
  }

  #assumeRole(caller: string, input: AssumeRoleRequest) {
    const refusal = assumeRoleRefusal(input);
    if (refusal) throw refusal;
    const roleArn = input.RoleArn as string;
    const sessionName = input.RoleSessionName as string;
    const callerArn = this.#identity(caller).arn;
    const denied = (action = 'sts:AssumeRole') =>
      new StsFault(
        'AccessDenied',
        `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
      );

    const role = this.#roles.get(roleArn) ?? (this.#unknownRoles === 'allow' ? {} : undefined);
    if (!role) throw denied();
    if (role.principals && !role.principals.includes('*') && !role.principals.includes(caller)) throw denied();
    if (role.externalId !== undefined && input.ExternalId !== role.externalId) throw denied();
    if (input.Tags?.length && role.allowSessionTags === false) throw denied('sts:TagSession');

    const duration = input.DurationSeconds ?? 3_600;
    if (duration > (role.maxSessionDurationSeconds ?? 43_200)) {
      throw new StsFault(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    if (this.#sessions.has(caller) && duration > ROLE_CHAINING_LIMIT_SECONDS) {
      throw new StsFault(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    const packed =
      (input.Policy?.length ?? 0) +
      (input.Tags ?? []).reduce((n, t) => n + (t.Key?.length ?? 0) + (t.Value?.length ?? 0), 0);
    const packedPolicySize = Math.ceil((100 * packed) / PACKED_SPACE);
    if (packedPolicySize > 100) {
      throw new StsFault(
        'PackedPolicyTooLarge',
        `Packed policy consumes ${packedPolicySize}% of allotted space, please use smaller policy for session.`,
      );
    }

    const now = this.clock.now();
    // Expiration goes on the wire with second precision; keep exactly what the client will see.
    const expiresAt = Math.floor((now + duration * 1000) / 1000) * 1000;
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const account = roleArn.split(':')[4] as string;
    const session: IssuedSession = {
      accessKeyId: newAccessKeyId(),
      roleArn,
      roleSessionName: sessionName,
      caller,
      assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      assumedRoleId: `${roleId(roleArn)}:${sessionName}`,
      tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key as string, t.Value as string])),
      issuedAt: now,
      expiresAt,
      revoked: false,
    };
    this.#sessions.set(session.accessKeyId, session);
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = newSessionToken(this.#tokenLength);
    return {
      accessKeyId: session.accessKeyId,
      expiresAt,
      xml: (requestId: string) =>
        assumeRoleResponse(
          {
            accessKeyId: session.accessKeyId,
            secretAccessKey,
            sessionToken,
            expiresAt,
            assumedRoleArn: session.assumedRoleArn,
            assumedRoleId: session.assumedRoleId,
            packedPolicySize: input.Policy !== undefined || input.Tags?.length ? packedPolicySize : undefined,
            sourceIdentity: input.SourceIdentity,
          },
          requestId,
        ),
    };
  }
}

/**
 * Starts a local STS: an HTTP server on 127.0.0.1 speaking the AWS Query
 * protocol of STS (AssumeRole, GetCallerIdentity), for local multi-tenant
 * development and tests with DynamoDB Local.
 *
 * - Validates AssumeRole like STS: lengths, patterns, tag rules, duration,
 *   the role's MaxSessionDuration, external id, trusted principals, session
 *   tags allowed, role chaining limit, packed size (approximated).
 * - Issues access key ids of letters and digits (DynamoDB Local accepts
 *   nothing else) whose Expiration follows `clock`.
 * - Fails on demand (`failNext`) with any STS error code.
 * - Records every call (`calls()`, `assumeRoleCalls()`).
 * - Does not verify signatures: the caller is the access key id in the
 *   Authorization header.
 *
 * ```ts
 * const sts = await startLocalSts({ roles: { [arn]: { externalId: 'x' } } });
 * const provider = new StsTenantClientProvider({ ..., sts: sts.clientConfig('app'), clock: () => sts.clock.now() });
 * await sts.stop();
 * ```
 */
export async function startLocalSts(options: LocalStsOptions = {}): Promise<LocalSts> {
  const server = new LocalStsServer(options);
  await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return server;
}
