import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1 in front of DynamoDB Local (or the local STS)
 * that injects network faults per request: connection resets before or after
 * the upstream saw the request, answers held past the client's timeout,
 * answers cut in the middle, requests swallowed, and canned error answers
 * (throttling). It records every call and every request it passed on, so a
 * test can tell "DynamoDB applied it" from "the client heard about it".
 *
 * test/fault-proxy/ rewrites batch bodies; this one works at the connection
 * level, which is what timeouts and resets need.
 */
export type Fault =
  /** Pass it on and answer. */
  | { readonly kind: 'forward' }
  /** Destroy the connection before the upstream sees the request: nothing is applied. */
  | { readonly kind: 'reset-before' }
  /** Pass it on (the upstream applies it), wait for its answer, then destroy the connection: the answer is lost. */
  | { readonly kind: 'reset-after' }
  /** Pass it on, send the status line and half of the answer, then destroy the connection. */
  | { readonly kind: 'truncate-after' }
  /** Pass it on, then hold the answer for `ms` (longer than the client's requestTimeout: it gives up first). */
  | { readonly kind: 'delay-response'; readonly ms: number }
  /** Never pass it on and never answer (until the client gives up or the proxy closes). */
  | { readonly kind: 'blackhole' }
  /** Answer without asking the upstream. */
  | { readonly kind: 'reply'; readonly status: number; readonly body: unknown; readonly contentType?: string };

export type FaultKind = Fault['kind'];

export interface ChaosCall {
  /** 0, 1, 2, ... in arrival order. */
  readonly n: number;
  /** DynamoDB's X-Amz-Target operation (`PutItem`), or an AWS Query `Action` (`AssumeRole`). */
  readonly operation: string;
  /** The access key id the request was signed with (before any rewriting). */
  readonly accessKeyId: string;
  /** The JSON body (DynamoDB), or the form fields (STS). */
  readonly body: Record<string, unknown>;
  readonly fault: FaultKind;
}

export interface ChaosProxyOptions {
  /** Decides each call's fault. Default: forward everything. */
  readonly decide?: (call: Omit<ChaosCall, 'fault'>) => Fault;
  /**
   * Sign every forwarded request as this access key id instead (DynamoDB
   * Local keeps one database per access key id and checks no signature):
   * lets clients with different credentials, such as tenants' STS sessions,
   * share one database.
   */
  readonly rewriteAccessKeyId?: string;
}

export interface ChaosProxy {
  readonly endpoint: string;
  readonly calls: readonly ChaosCall[];
  /** Requests passed on to the upstream, in order (the upstream may have applied each). */
  readonly forwarded: ReadonlyArray<Omit<ChaosCall, 'fault' | 'n'>>;
  /** Faults injected so far, by kind ('forward' not counted). */
  faultCounts(): Partial<Record<FaultKind, number>>;
  /** Total faults injected so far. */
  faults(): number;
  /** Replaces the decision function. */
  setDecide(decide: ChaosProxyOptions['decide']): void;
  /**
   * Resolves once no request of `accessKeyId` (or of anybody) is on its way
   * to the upstream or back: after that, whatever the upstream will ever apply
   * of them, it has applied. Reading the outcome of a timed-out request is
   * only meaningful then.
   */
  settled(accessKeyId?: string): Promise<void>;
  close(): Promise<void>;
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    stream.on('data', (part: Buffer) => parts.push(part));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.length === 0) return {};
  if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text };
  }
}

const CREDENTIAL = /Credential=([^/,\s]+)\//;

export async function startChaosProxy(upstream: string, options: ChaosProxyOptions = {}): Promise<ChaosProxy> {
  const target = new URL(upstream);
  let decide = options.decide ?? (() => ({ kind: 'forward' }) as const);
  const calls: ChaosCall[] = [];
  const forwarded: Array<Omit<ChaosCall, 'fault' | 'n'>> = [];
  const counts: Partial<Record<FaultKind, number>> = {};
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const inFlight = new Map<string, number>();
  let waiters: Array<() => void> = [];
  let closed = false;

  const busy = (key?: string) =>
    key === undefined ? [...inFlight.values()].some((n) => n > 0) : (inFlight.get(key) ?? 0) > 0;
  const enter = (key: string) => inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  const leave = (key: string) => {
    inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };

  const forward = (
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host, 'content-length': body.length };
      if (options.rewriteAccessKeyId && typeof headers.authorization === 'string') {
        headers.authorization = headers.authorization.replace(CREDENTIAL, `Credential=${options.rewriteAccessKeyId}/`);
      }
      const request = http.request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent: false },
        (response) => {
          readBody(response).then(
            (data) => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: data }),
            reject,
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const contentType = String(req.headers['content-type'] ?? '');
      const body = parseBody(raw, contentType);
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() || String(body.Action ?? '');
      const accessKeyId = CREDENTIAL.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      const base = { n: calls.length, operation, accessKeyId, body };
      const fault = closed ? ({ kind: 'reset-before' } as const) : decide(base);
      calls.push({ ...base, fault: fault.kind });
      if (fault.kind !== 'forward') counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;

      switch (fault.kind) {
        case 'reset-before':
          req.socket.destroy();
          return;
        case 'blackhole':
          return;
        case 'reply': {
          const out = Buffer.from(typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body));
          res.writeHead(fault.status, {
            'content-type': fault.contentType ?? 'application/x-amz-json-1.0',
            'content-length': out.length,
          });
          res.end(out);
          return;
        }
        default:
          break;
      }

      enter(accessKeyId);
      let answer: Awaited<ReturnType<typeof forward>>;
      try {
        forwarded.push({ operation, accessKeyId, body });
        answer = await forward(req, raw);
      } catch {
        // The upstream is down or cut us off: the client sees a reset.
        leave(accessKeyId);
        req.socket.destroy();
        return;
      }
      leave(accessKeyId);
      const headers = { ...answer.headers };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      const send = () => {
        if (res.destroyed || req.socket.destroyed) return;
        res.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
        res.end(answer.body);
      };
      switch (fault.kind) {
        case 'reset-after':
          req.socket.destroy();
          return;
        case 'truncate-after':
          res.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
          res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
          later(5, () => req.socket.destroy());
          return;
        case 'delay-response':
          later(fault.ms, send);
          return;
        default:
          send();
      }
    })().catch(() => {
      req.socket.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    forwarded,
    faultCounts: () => ({ ...counts }),
    faults: () => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
    setDecide(next) {
      decide = next ?? (() => ({ kind: 'forward' }) as const);
    },
    settled(accessKeyId) {
      if (!busy(accessKeyId)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const check = () => {
          if (busy(accessKeyId)) waiters.push(check);
          else resolve();
        };
        waiters.push(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** DynamoDB's answer to a throttled request (the SDK makes it a ProvisionedThroughputExceededException). */
export const THROTTLED: Fault = {
  kind: 'reply',
  status: 400,
  body: {
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded (chaos proxy)',
  },
};

/** A deterministic pseudo-random source (mulberry32), so a run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
