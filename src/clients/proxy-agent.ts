import type { AgentOptions, ClientRequestArgs } from 'node:http';
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { ConfigurationError } from './configuration-error.js';
import { http, https, tls } from './node-builtins.js';

/**
 * CONNECT tunnelling through an HTTP proxy, written here because the AWS SDK
 * has no proxy support of its own and a proxy package would be one more
 * dependency for a dozen lines of node:http.
 */
export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
  /** `Basic ...` when the URL carries a user name. */
  readonly authorization?: string;
  /** The URL without its password, for logs and error messages. */
  readonly redacted: string;
}

export function parseProxyUrl(value: string | URL): ProxyTarget {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigurationError(`proxy is not a URL: ${JSON.stringify(String(value))}`, 'proxy');
  }
  if (url.protocol !== 'http:') {
    throw new ConfigurationError(
      `proxy must be an http:// URL (requests tunnel through it with CONNECT), got ${url.protocol}`,
      'proxy',
    );
  }
  const user = decodeURIComponent(url.username);
  const authorization = user
    ? `Basic ${Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  const port = url.port ? Number(url.port) : 80;
  const redacted = `http://${user ? `${user}:***@` : ''}${url.hostname}:${port}`;
  return { host: url.hostname, port, authorization, redacted };
}

type ConnectCallback = (error: Error | null, stream: Duplex) => void;

/** Opens a CONNECT tunnel to host:port through the proxy; the callback gets the raw tunnel socket. */
function openTunnel(proxy: ProxyTarget, host: string, port: number, callback: ConnectCallback): void {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: target };
  if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
  const connect = http.request({
    host: proxy.host,
    port: proxy.port,
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
  });
  let done = false;
  const finish = (error: Error | null, stream?: Duplex) => {
    if (done) return;
    done = true;
    // The callback signature wants a stream even on failure; Node ignores it then.
    callback(error, stream as Duplex);
  };
  connect.once('connect', (response, socket) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      finish(new Error(`proxy ${proxy.redacted} refused CONNECT ${target}: HTTP ${response.statusCode}`));
      return;
    }
    finish(null, socket);
  });
  connect.once('error', (error) => finish(new Error(`proxy ${proxy.redacted}: ${error.message}`, { cause: error })));
  connect.end();
}

/** http.Agent whose sockets are CONNECT tunnels (plain HTTP targets, e.g. a DynamoDB Local behind a proxy). */
export class HttpProxyAgent extends http.Agent {
  constructor(
    readonly proxy: ProxyTarget,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs, callback?: ConnectCallback): Duplex | null | undefined {
    openTunnel(this.proxy, options.host ?? 'localhost', Number(options.port ?? 80), (error, socket) => {
      callback?.(error, socket);
    });
    return undefined;
  }
}

/** https.Agent whose TLS sessions run inside CONNECT tunnels. */
export class HttpsProxyAgent extends https.Agent {
  constructor(
    readonly proxy: ProxyTarget,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: HttpsRequestOptions, callback?: ConnectCallback): Duplex | null | undefined {
    const host = options.host ?? 'localhost';
    openTunnel(this.proxy, host, Number(options.port ?? 443), (error, socket) => {
      if (error) {
        callback?.(error, socket);
        return;
      }
      const servername = (options as { servername?: string }).servername ?? host;
      const secured = tls.connect({ ...(options as object), socket, servername });
      let settled = false;
      const settle = (tlsError: Error | null) => {
        if (settled) return;
        settled = true;
        callback?.(tlsError, secured);
      };
      secured.once('secureConnect', () => settle(null));
      secured.once('error', settle);
    });
    return undefined;
  }
}
