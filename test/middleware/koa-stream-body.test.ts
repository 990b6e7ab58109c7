// Koa reads `ctx.body` after the middleware chain returned, from its own context: every body Koa pipes to the
// response must be read in the request's tenant context, whichever library made the stream. Koa pipes any object
// shaped like a readable stream, not only instances of Node's Stream.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { PassThrough, Readable } from 'node:stream';
import Router from '@koa/router';
import test from 'ava';
import Koa, { type Context } from 'koa';
import { currentClient, currentTenant } from '../../src/index.js';
import { isStreamLike } from '../../src/middleware/koa/bind-body.js';
import { koaTenantContext } from '../../src/middleware/koa/index.js';
import { namedClient, nameOf } from '../context/support/named-clients.js';
import { as, principalFrom, serve } from './support/http.js';

/**
 * A readable stream of another library (readable-stream v4, streamx, archiver...): Koa's duck typing accepts it,
 * but it is not an instance of Node's Stream. Emulated by delegating to a Node Readable that does the work, as
 * such libraries have their own machinery, which the binding of a Node stream's methods does not reach.
 */
class ForeignReadable extends EventEmitter {
  readonly readable = true;
  readonly readableObjectMode = false;
  destroyed = false;
  constructor(protected readonly inner: Readable) {
    super();
  }
  pipe<D extends NodeJS.WritableStream>(destination: D, options?: { end?: boolean }): D {
    return this.inner.pipe(destination, options);
  }
  read(size?: number): unknown {
    return this.inner.read(size);
  }
  pause(): this {
    this.inner.pause();
    return this;
  }
  resume(): this {
    this.inner.resume();
    return this;
  }
  destroy(error?: Error): this {
    this.destroyed = true;
    this.inner.destroy(error);
    return this;
  }
  override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    this.inner.on(event, listener);
    return this;
  }
}

/** The same, also async iterable (as readable-stream's and streamx's streams are). */
class ForeignIterableReadable extends ForeignReadable {
  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this.inner[Symbol.asyncIterator]();
  }
}

type BodyKind = 'node' | 'foreign' | 'foreign-iterable' | 'web';

interface Export {
  readonly status: number;
  readonly text: string;
  readonly contentLength: string | null;
  /** What each read of the body saw: `tenant/client`. */
  readonly reads: string[];
}

/**
 * Serves /t/:tenantId/export?kind=&rows=&size=: a lazily generated body of the given kind, each row generated after
 * an await (as a query page would be), recording the tenant and client each generation step saw.
 */
async function exportServer(t: { teardown(fn: () => Promise<void>): void }) {
  const reads = new Map<string, string[]>();
  const app = new Koa();
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(
    koaTenantContext({
      clientFor: (tenantId) => namedClient(`t-${tenantId}`),
      principal: (ctx: Context) => principalFrom((name) => ctx.get(name) || undefined),
    }),
  );
  router.get('/export', (ctx) => {
    const id = String(ctx.query.id);
    const rows = Number(ctx.query.rows ?? 3);
    const size = Number(ctx.query.size ?? 8);
    const seen: string[] = [];
    reads.set(id, seen);
    async function* generate() {
      for (let i = 0; i < rows; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(`${currentTenant() ?? 'none'}/${await nameOf(currentClient())}`);
        yield `${String(i).padStart(size - 1, '0')}\n`;
      }
    }
    const node = Readable.from(generate(), { objectMode: false });
    const kind = ctx.query.kind as BodyKind;
    if (kind === 'node') ctx.body = node;
    else if (kind === 'foreign') ctx.body = new ForeignReadable(node);
    else if (kind === 'foreign-iterable') ctx.body = new ForeignIterableReadable(node);
    else ctx.body = Readable.toWeb(node);
    if (ctx.query.length) ctx.length = rows * size;
  });
  app.use(router.routes());
  const served = await serve(app.callback());
  t.teardown(() => served.close());
  let next = 0;
  return async (tenantId: string, query: Record<string, string>): Promise<Export> => {
    const id = String(next++);
    const search = new URLSearchParams({ ...query, id });
    const response = await fetch(served.url(`/t/${tenantId}/export?${search}`), { headers: as('u', [tenantId]) });
    const text = await response.text();
    return {
      status: response.status,
      text,
      contentLength: response.headers.get('content-length'),
      reads: reads.get(id) ?? [],
    };
  };
}

const KINDS: readonly BodyKind[] = ['node', 'foreign', 'foreign-iterable', 'web'];

for (const kind of KINDS) {
  test(`koa: a ${kind} stream body is read, every row of it, in the request's tenant context`, async (t) => {
    const get = await exportServer(t);
    const answer = await get('acme', { kind });
    t.is(answer.status, 200);
    t.is(answer.text, '0000000\n0000001\n0000002\n');
    t.deepEqual(answer.reads, ['acme/t-acme', 'acme/t-acme', 'acme/t-acme']);
  });
}

test('koa: a foreign stream body larger than the socket takes is still read in the tenant context after each drain', async (t) => {
  const get = await exportServer(t);
  for (const kind of ['foreign', 'foreign-iterable'] as const) {
    // 200 rows of 16 KiB: the response's buffers fill, the body is paused and resumed by the socket's drains.
    const answer = await get('acme', { kind, rows: '200', size: String(16 * 1024) });
    t.is(answer.text.length, 200 * 16 * 1024, kind);
    t.deepEqual([...new Set(answer.reads)], ['acme/t-acme'], kind);
    t.is(answer.reads.length, 200, kind);
  }
});

test("koa: concurrent foreign stream bodies of several tenants are each read in their own tenant's context", async (t) => {
  const get = await exportServer(t);
  const tenants = ['acme', 'globex', 'initech', 'umbrella'];
  const requests = Array.from({ length: 24 }, (_, i) => ({
    tenant: tenants[i % tenants.length] as string,
    kind: (['foreign', 'foreign-iterable'] as const)[i % 2] as string,
  }));
  const answers = await Promise.all(requests.map(({ tenant, kind }) => get(tenant, { kind, rows: '5' })));
  t.deepEqual(
    answers.map((answer) => [...new Set(answer.reads)]),
    requests.map(({ tenant }) => [`${tenant}/t-${tenant}`]),
  );
});

test('koa: the Content-Length a handler set is kept when its body is replaced by a bound reader', async (t) => {
  const get = await exportServer(t);
  for (const kind of ['foreign', 'foreign-iterable', 'web'] as const) {
    const answer = await get('acme', { kind, length: '1' });
    t.is(answer.contentLength, String(3 * 8), kind);
    t.is(answer.text.length, 3 * 8, kind);
  }
});

test("isStreamLike is Koa's own test of a stream body (besides instanceof Stream)", (t) => {
  // Not a documented export of Koa: read here only to notice when Koa changes what it pipes.
  const koaIsStream = createRequire(import.meta.url)('koa/lib/is-stream.js') as (value: unknown) => boolean;
  const node = new PassThrough();
  const candidates: unknown[] = [
    new ForeignReadable(node),
    new ForeignIterableReadable(node),
    Object.assign(new ForeignReadable(node), { readable: false }),
    { readable: true, pipe() {}, read() {}, readableObjectMode: false, destroy() {} },
    { readable: true, pipe() {}, read() {}, readableObjectMode: 'no', destroy() {}, destroyed: false },
    { pipe() {} },
    { readable: 1, pipe() {}, read() {}, readableObjectMode: false, destroy() {}, destroyed: false },
    Readable.toWeb(new PassThrough()),
    null,
    'text',
    { rows: [] },
  ];
  for (const [i, candidate] of candidates.entries()) {
    t.is(isStreamLike(candidate), koaIsStream(candidate), `candidate ${i}`);
  }
  t.true(isStreamLike(new ForeignReadable(node)));
  t.false(new ForeignReadable(node) instanceof Readable);
});
