// createDynamoClient: explicit timeouts, socket limits, retries, a proxy, a shared pool; the custom
// configuration and local endpoint cases.
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import { ConfigurationError, createDynamoClient, SharedHttpHandler } from '../../src/clients/index.js';
import { testEndpoint } from '../support/dynamo.js';

/** A config value the SDK keeps as a value or a provider. */
const resolved = async (value: string | (() => Promise<string>)): Promise<string> =>
  typeof value === 'function' ? value() : value;

const LOCAL = { accessKeyId: 'clientstest', secretAccessKey: 'local' };

type Handler = {
  httpHandlerConfigs(): {
    connectionTimeout?: number;
    requestTimeout?: number;
    httpAgent?: unknown;
    httpsAgent?: unknown;
  };
};

test('the options end up in the client configuration', async (t) => {
  const client = createDynamoClient({
    region: 'eu-west-1',
    endpoint: testEndpoint(),
    credentials: LOCAL,
    timeouts: { connectionMs: 1_500, requestMs: 30_000 },
    maxAttempts: 5,
    retryMode: 'adaptive',
    maxSockets: 16,
  });
  t.teardown(() => client.destroy());
  t.is(await client.config.region(), 'eu-west-1');
  t.is(await client.config.maxAttempts(), 5);
  t.is(await resolved(client.config.retryMode), 'adaptive');
  const handler = client.config.requestHandler as unknown as Handler;
  await client.send(new ListTablesCommand({ Limit: 1 }));
  const configs = handler.httpHandlerConfigs();
  t.is(configs.connectionTimeout, 1_500);
  t.is(configs.requestTimeout, 30_000);
  t.is((configs.httpAgent as { maxSockets: number }).maxSockets, 16);
  t.is((configs.httpsAgent as { maxSockets: number }).maxSockets, 16);
  t.true((configs.httpAgent as { keepAlive: boolean }).keepAlive);
});

test("defaults are explicit, not the SDK's (no timeouts, unbounded sockets)", async (t) => {
  const client = createDynamoClient({ region: 'us-east-1', endpoint: testEndpoint(), credentials: LOCAL });
  t.teardown(() => client.destroy());
  await client.send(new ListTablesCommand({ Limit: 1 }));
  const configs = (client.config.requestHandler as unknown as Handler).httpHandlerConfigs();
  t.is(configs.connectionTimeout, 5_000);
  t.is(configs.requestTimeout, 10_000);
  t.is((configs.httpAgent as { maxSockets: number }).maxSockets, 128);
});

test('wrong options fail with ConfigurationError naming the option', (t) => {
  const bad: Array<[Parameters<typeof createDynamoClient>[0], string]> = [
    [{ region: 'us-east-1.evil.example' }, 'region'],
    [{ region: 'US EAST' }, 'region'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ retryMode: 'eager' as 'standard' }, 'retryMode'],
    [{ endpoint: 'not a url' }, 'endpoint'],
    [{ timeouts: { connectionMs: -1 } }, 'connectionTimeoutMs'],
    [{ maxSockets: 0 }, 'maxSockets'],
    [{ proxy: 'socks5://proxy:1080' }, 'proxy'],
    [{ httpHandler: new SharedHttpHandler(), maxSockets: 10 }, 'httpHandler'],
  ];
  for (const [options, option] of bad) {
    const error = t.throws(() => createDynamoClient(options), { instanceOf: ConfigurationError }, option);
    t.is(error?.option, option);
  }
});

test('the local endpoint case: DynamoDB Local answers', async (t) => {
  const client = createDynamoClient({ endpoint: testEndpoint(), region: 'us-east-1', credentials: LOCAL });
  t.teardown(() => client.destroy());
  const { TableNames } = await client.send(new ListTablesCommand({}));
  t.true(Array.isArray(TableNames));
});

/** A CONNECT proxy that records what it was asked for. */
async function connectProxy(
  t: ExecutionContext,
): Promise<{ url: string; requests: Array<{ target: string; auth?: string }> }> {
  const requests: Array<{ target: string; auth?: string }> = [];
  const sockets = new Set<Socket>();
  const server = createServer();
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    requests.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://proxyuser:proxypass@127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

test('a proxy: requests tunnel through it with CONNECT and Basic proxy authorization', async (t) => {
  const proxy = await connectProxy(t);
  const endpoint = new URL(testEndpoint());
  const client = createDynamoClient({
    endpoint: testEndpoint(),
    region: 'us-east-1',
    credentials: LOCAL,
    proxy: proxy.url,
  });
  t.teardown(() => client.destroy());
  await client.send(new ListTablesCommand({}));
  await client.send(new ListTablesCommand({}));
  t.deepEqual(proxy.requests[0], {
    target: `${endpoint.hostname}:${endpoint.port}`,
    auth: `Basic ${Buffer.from('proxyuser:proxypass').toString('base64')}`,
  });
  t.is(proxy.requests.length, 1, 'the tunnel is a keep-alive connection, reused');
});

test('a proxy that refuses the tunnel fails the request with a clear error', async (t) => {
  const server = createServer();
  server.on('connect', (_req, socket: Socket) => {
    socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const client = createDynamoClient({
    endpoint: testEndpoint(),
    region: 'us-east-1',
    credentials: LOCAL,
    maxAttempts: 1,
    proxy: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  t.teardown(() => client.destroy());
  await t.throwsAsync(client.send(new ListTablesCommand({})), { message: /refused CONNECT .*407/ });
});

test('clients on one SharedHttpHandler share its agents; destroying one leaves the pool to the others', async (t) => {
  const pool = new SharedHttpHandler({ maxSockets: 8 });
  t.teardown(() => pool.close());
  const a = createDynamoClient({
    endpoint: testEndpoint(),
    region: 'us-east-1',
    credentials: LOCAL,
    httpHandler: pool,
  });
  const b = createDynamoClient({
    endpoint: testEndpoint(),
    region: 'us-east-1',
    credentials: LOCAL,
    httpHandler: pool,
  });
  t.is(a.config.requestHandler, pool);
  t.is(b.config.requestHandler, pool);
  await a.send(new ListTablesCommand({}));
  a.destroy();
  t.false(pool.closed);
  await t.notThrowsAsync(b.send(new ListTablesCommand({})));
  t.is(pool.options.maxSockets, 8);
  pool.close();
  t.true(pool.closed);
});
