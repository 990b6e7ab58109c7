import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for DynamoDB's credential check in front of DynamoDB Local
 * (which checks none): requests signed with an access key the test marked
 * expired get ExpiredTokenException, unknown-to-AWS ones
 * UnrecognizedClientException, exactly as DynamoDB answers; everything else is
 * forwarded. It can also hold requests, to have some in flight while the test
 * does something else.
 */
export type Verdict = 'expired' | 'unrecognized' | undefined;

export interface CredentialGate {
  readonly endpoint: string;
  /** Access key ids of the requests seen, in order. */
  readonly seen: string[];
  /** Requests with this key are held until release() (the first `count` ones; default all). */
  hold(accessKeyId: string): void;
  release(): void;
  /** Resolves once a held request is waiting. */
  held(): Promise<void>;
  close(): Promise<void>;
}

const ERRORS = {
  expired: { type: 'ExpiredTokenException', message: 'The security token included in the request is expired' },
  unrecognized: {
    type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  },
} as const;

function accessKeyIdOf(req: IncomingMessage): string {
  return /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

export async function startCredentialGate(
  target: string,
  verdict: (accessKeyId: string) => Verdict,
): Promise<CredentialGate> {
  const targetUrl = new URL(target);
  const seen: string[] = [];
  let holdKey: string | undefined;
  let releaseAll: (() => void) | undefined;
  let released = Promise.resolve();
  let onHeld: (() => void) | undefined;
  let heldSignal = new Promise<void>((resolve) => {
    onHeld = resolve;
  });

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => res.writeHead(502).end(String(error)));
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const key = accessKeyIdOf(req);
      seen.push(key);
      if (holdKey !== undefined && key === holdKey) {
        onHeld?.();
        await released;
      }
      const answer = verdict(key);
      if (answer) {
        const { type, message } = ERRORS[answer];
        const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'gate' }).end(body);
        return;
      }
      forward(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    hold(accessKeyId) {
      holdKey = accessKeyId;
      released = new Promise<void>((resolve) => {
        releaseAll = resolve;
      });
      heldSignal = new Promise<void>((resolve) => {
        onHeld = resolve;
      });
    },
    release() {
      holdKey = undefined;
      releaseAll?.();
    },
    held: () => heldSignal,
    close: () =>
      new Promise<void>((resolve) => {
        releaseAll?.();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
