import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Inject, Injectable, UseGuards } from '@nestjs/common';
import test from 'ava';
import { currentTenant, requireTenant } from '../../src/context/current-tenant.js';
import { FluentDynamoModule, TenantScoped } from '../../src/nestjs/index.js';
import { namedClient } from '../context/support/named-clients.js';
import { FakeProvider } from '../middleware/support/fake-provider.js';
import { as, fetchJson } from '../middleware/support/http.js';
import { startApp } from './support/nest-app.js';
import { TestAuthGuard } from './support/test-auth.guard.js';

/** A singleton service: it has no tenant of its own, it reads the request's. */
@Injectable()
class TenantReader {
  async tenant(): Promise<string> {
    await sleep(Math.random() * 4);
    return requireTenant();
  }
}

@Controller('t/:tenantId')
@UseGuards(TestAuthGuard)
class TenantController {
  constructor(@Inject(TenantReader) private readonly reader: TenantReader) {}

  @Get()
  @TenantScoped()
  async scoped() {
    return { service: await this.reader.tenant(), later: currentTenant() ?? null };
  }

  @Get('open')
  open() {
    return { tenant: currentTenant() ?? null };
  }
}

test('@TenantScoped(): services read the request tenant with requireTenant(), concurrent tenants never mix', async (t) => {
  const running = await startApp({
    imports: [FluentDynamoModule.forRoot({ client: namedClient('default'), tenants: new FakeProvider() })],
    controllers: [TenantController],
    providers: [TenantReader],
  });
  t.teardown(() => running.close());
  const order = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 'acme' : 'globex'));
  const answers = await Promise.all(
    order.map((tenant, i) => fetchJson(running.url(`/t/${tenant}`), { headers: as(`u${i}`, [tenant]) })),
  );
  t.deepEqual(
    answers.map((a) => a.body),
    order.map((tenant) => ({ service: tenant, later: tenant })),
  );
  const open = await fetchJson(running.url('/t/acme/open'), { headers: as('u', ['acme']) });
  t.deepEqual(open.body, { tenant: null }, 'a handler without @TenantScoped() has no tenant');
});
