import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request the SDK sent to the proxy. */
export interface ProxiedCall {
  /** 0, 1, 2, ... in arrival order. */
  readonly n: number;
  /** The DynamoDB operation, from X-Amz-Target: 'BatchWriteItem', 'BatchGetItem', ... */
  readonly operation: string;
  /** From the SigV4 Authorization header: tells which client (which DynamoDB Local database) sent it. */
  readonly accessKeyId: string | undefined;
  /** performance.now() at arrival, to measure the waits between retries. */
  readonly at: number;
  readonly body: Record<string, unknown>;
}

/** What the proxy does with a call. */
export type FaultDecision =
  /** Pass the request through unchanged. */
  | { readonly kind: 'forward' }
  /** Send `body` to DynamoDB Local instead, and rewrite its JSON answer with `response`. */
  | {
      readonly kind: 'rewrite';
      readonly body: unknown;
      readonly response: (upstream: Record<string, unknown>) => unknown;
    }
  /** Answer without asking DynamoDB Local (errors, or nothing processed). */
  | { readonly kind: 'reply'; readonly status: number; readonly body: unknown };

export type FaultHandler = (call: ProxiedCall) => FaultDecision;

export interface FaultProxy {
  readonly endpoint: string;
  /** Every call, in arrival order. */
  readonly calls: readonly ProxiedCall[];
  /** The bodies actually sent on to DynamoDB Local (after rewriting), in order, with their operation. */
  readonly forwarded: ReadonlyArray<{ readonly operation: string; readonly body: Record<string, unknown> }>;
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

function send(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer): void {
  res.writeHead(status, { ...headers, 'content-length': body.length });
  res.end(body);
}

/**
 * A small HTTP proxy on 127.0.0.1 in front of DynamoDB Local, for fault
 * tests at the HTTP layer: the client under test talks to it as to DynamoDB,
 * and `handler` decides per call to pass it on, rewrite it (withhold part of
 * a batch and report it as unprocessed), or answer with an error
 * (throttling). DynamoDB Local does not check signatures, so a rewritten
 * body is accepted; the response checksum header is dropped when the body
 * changes.
 */
export async function startFaultProxy(upstream: string, handler: FaultHandler): Promise<FaultProxy> {
  const target = new URL(upstream);
  const calls: ProxiedCall[] = [];
  const forwarded: Array<{ operation: string; body: Record<string, unknown> }> = [];

  const forward = (
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host, 'content-length': body.length },
        },
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

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      const call: ProxiedCall = { n: calls.length, operation, accessKeyId, at: performance.now(), body };
      calls.push(call);
      const decision = handler(call);
      if (decision.kind === 'reply') {
        send(
          res,
          decision.status,
          { 'content-type': 'application/x-amz-json-1.0' },
          Buffer.from(JSON.stringify(decision.body)),
        );
        return;
      }
      const out = decision.kind === 'rewrite' ? Buffer.from(JSON.stringify(decision.body)) : raw;
      forwarded.push({ operation, body: JSON.parse(out.toString('utf8')) as Record<string, unknown> });
      const answer = await forward(req, out);
      const headers = { ...answer.headers };
      delete headers['content-length'];
      if (decision.kind === 'rewrite' && answer.status === 200) {
        delete headers['x-amz-crc32'];
        const rewritten = decision.response(JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>);
        send(res, 200, headers, Buffer.from(JSON.stringify(rewritten)));
      } else {
        send(res, answer.status, headers, answer.body);
      }
    })().catch((error: unknown) => {
      send(res, 500, { 'content-type': 'text/plain' }, Buffer.from(`fault proxy: ${String(error)}`));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    forwarded,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
