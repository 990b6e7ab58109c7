import test from 'ava';
import express, { type Request } from 'express';
import { expressTenantContext, type TenantClientProvider } from '../../src/middleware/express/index.js';
import { StsTenantClientProvider, type TenantPrincipal } from '../../src/tenancy/index.js';
import { as, fetchJson, principalFrom, serve } from './support/http.js';

// The middleware with the real StsTenantClientProvider (which it does not
// import: the provider fits its TenantClientProvider interface). Refusals
// happen before any STS call; an STS that cannot be reached is a 503.

type Fits = StsTenantClientProvider extends TenantClientProvider<TenantPrincipal> ? true : false;
const fits: Fits = true;

test('StsTenantClientProvider refusals and credential failures become 403 and 503', async (t) => {
  t.true(fits, 'checked by the compiler');
  const provider = new StsTenantClientProvider({
    roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
    sts: {
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'app', secretAccessKey: 'app' },
      maxAttempts: 1,
    },
    dynamo: { region: 'us-east-1' },
    pruneIntervalSeconds: 0,
  });
  const app = express();
  app.get(
    '/t/:tenantId',
    expressTenantContext({ provider, principal: (req: Request) => principalFrom((name) => req.get(name)) }),
    (_req, res) => void res.json({ ok: true }),
  );
  const served = await serve(app);
  try {
    const denied = await fetchJson(served.url('/t/globex'), { headers: as('alice', ['acme']) });
    t.deepEqual([denied.status, denied.body.error, denied.body.reason], [403, 'tenant_access_denied', 'not-a-member']);
    const invalid = await fetchJson(served.url('/t/a*b'), { headers: as('alice', ['a*b']) });
    t.deepEqual([invalid.status, invalid.body.reason], [403, 'invalid-tenant-id']);
    const unreachable = await fetchJson(served.url('/t/acme'), { headers: as('alice', ['acme']) });
    t.is(unreachable.status, 503);
    t.is(unreachable.body.error, 'tenant_credentials_unavailable');
    t.is(unreachable.headers.get('retry-after'), '1', 'ECONNREFUSED is retryable');
    t.notRegex(JSON.stringify(unreachable.body), /arn:aws|127\.0\.0\.1/);
    t.is(provider.stats().assumeRoleCalls, 1, 'only the member asked STS');
  } finally {
    await served.close();
    await provider.close();
  }
});
