import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import test from 'ava';
import { bindClientContext, clientContextSnapshot } from '../../src/context/bind.js';
import { runWithoutClient } from '../../src/context/without-client.js';
import { currentClient, currentTenantScope, runInTenantScope, runWithClient } from '../../src/index.js';
import { namedClient } from './support/named-clients.js';

// The client and the tenant scope are one context: what captures, restores or clears one does the same to the other.

const a = namedClient('a');
const b = namedClient('b');

/** What a callback sees: its client's name and its scope's tenant. */
function seen(): string {
  const client = currentClient();
  return `${client === a ? 'a' : client === b ? 'b' : 'none'}/${currentTenantScope()?.tenantId ?? 'none'}`;
}

const asTenant = <R>(tenantId: string, client: typeof a, fn: () => R): R =>
  runWithClient(client, () => runInTenantScope({ tenantId }, fn));

test("bindClientContext carries the tenant scope with the client: fired in another tenant's context or in none", (t) => {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  asTenant('acme', a, () =>
    emitter.on(
      'job',
      bindClientContext(() => calls.push(seen())),
    ),
  );
  asTenant('other', b, () => emitter.emit('job'));
  emitter.emit('job');
  t.deepEqual(calls, ['a/acme', 'a/acme']);
});

test('clientContextSnapshot restores client and scope together; taken outside any context, it clears both', (t) => {
  const inAcme = asTenant('acme', a, () => clientContextSnapshot());
  const outside = clientContextSnapshot();
  t.is(
    asTenant('other', b, () => inAcme(seen)),
    'a/acme',
  );
  t.is(
    asTenant('other', b, () => outside(seen)),
    'none/none',
  );
});

test('runWithoutClient clears the scope with the client; runWithClient and runInTenantScope keep the other half', (t) => {
  t.is(
    asTenant('acme', a, () => runWithoutClient(seen)),
    'none/none',
  );
  t.is(
    runInTenantScope({ tenantId: 'acme' }, () => runWithClient(b, seen)),
    'b/acme',
    'a client does not lift the key guard',
  );
  t.is(
    runWithClient(a, () => runInTenantScope({ tenantId: 'acme' }, seen)),
    'a/acme',
  );
  t.is(seen(), 'none/none');
});

test('bindStreamContext: a lazy stream read from another context runs each read in the context it was bound in', async (t) => {
  const { bindStreamContext } = await import('../../src/context/bind-stream.js');
  async function* lines() {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      yield seen();
    }
  }
  const bound = asTenant('acme', a, () => bindStreamContext(Readable.from(lines())));
  t.is(bindStreamContext(bound), bound, 'the same stream; binding twice keeps the first');
  const unbound = asTenant('acme', a, () => Readable.from(lines()));
  const read = async (stream: Readable) => {
    const out: string[] = [];
    for await (const line of stream) out.push(String(line));
    return out;
  };
  t.deepEqual(await asTenant('other', b, () => read(bound)), ['a/acme', 'a/acme', 'a/acme']);
  t.deepEqual(
    await asTenant('other', b, () => read(unbound)),
    ['b/other', 'b/other', 'b/other'],
    'unbound, the reader decides',
  );
});
