import type { AddressInfo } from 'node:net';
import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, UseGuards } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import test from 'ava';
import { TenantCredentialsError } from '../../src/errors/errors.js';
import { FluentDynamoModule, TenantScoped } from '../../src/nestjs/index.js';
import type { TenantEvent } from '../../src/tenancy/index.js';
import { type LocalSts, startLocalSts } from '../../src/testing/index.js';
import { namedClient } from '../context/support/named-clients.js';
import { as, fetchJson } from '../middleware/support/http.js';
import { TestAuthGuard } from './support/test-auth.guard.js';

// @TenantScoped() with an StsTenantClientProvider configured wrongly (an externalId of one character, which STS
// refuses as invalid): the error reaches Nest's exception filters (500), not a 503 refusal, and the provider
// reports it to onEvent and the logger. STS throttled stays a 503 with Retry-After.

const ROLE = (tenantId: string) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`;

@Controller('t/:tenantId')
@UseGuards(TestAuthGuard)
@TenantScoped()
class ScopedController {
  @Get()
  get() {
    return { reached: true };
  }
}

/** The app's global exception filter: records what it is given and lets Nest answer (500 for a non-HTTP error). */
@Catch()
class RecordingFilter extends BaseExceptionFilter implements ExceptionFilter {
  readonly caught: unknown[] = [];
  override catch(exception: unknown, host: ArgumentsHost): void {
    this.caught.push(exception);
    super.catch(exception, host);
  }
}

let sts: LocalSts;
test.before(async () => {
  sts = await startLocalSts({ clock: { frozen: true } });
});
test.after.always(async () => {
  await sts?.stop();
});

async function appWith(t: { teardown(fn: () => Promise<void>): void }, externalId: string) {
  const events: TenantEvent[] = [];
  const lines: string[] = [];
  const moduleRef = await Test.createTestingModule({
    imports: [
      FluentDynamoModule.forRoot({
        client: namedClient('default'),
        tenants: {
          roleArn: ROLE,
          externalId,
          sts: { ...sts.clientConfig('app'), maxAttempts: 1 },
          dynamo: { region: 'us-east-1' },
          clock: () => sts.clock.now(),
          pruneIntervalSeconds: 0,
          onEvent: (event) => events.push(event),
          logger: { error: (message) => lines.push(`error ${message}`) },
        },
      }),
    ],
    controllers: [ScopedController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const filter = new RecordingFilter(app.get(HttpAdapterHost).httpAdapter);
  app.useGlobalFilters(filter);
  await app.listen(0, '127.0.0.1');
  t.teardown(() => app.close());
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: (path: string) => `http://127.0.0.1:${port}${path}`, filter, events, lines };
}

test('an externalId STS refuses as invalid reaches the exception filter as a 500, with an event and a log line', async (t) => {
  const { url, filter, events, lines } = await appWith(t, 'x');
  const before = sts.assumeRoleCalls().length;
  const answer = await fetchJson(url('/t/acme'), { headers: as('alice', ['acme']) });
  t.deepEqual([answer.status, answer.body], [500, { statusCode: 500, message: 'Internal server error' }]);
  t.is(answer.headers.get('retry-after'), null);
  t.is(filter.caught.length, 1);
  const error = filter.caught[0] as TenantCredentialsError & { code?: string };
  t.true(error instanceof TenantCredentialsError);
  t.is(error.code, 'ValidationError');
  t.like(
    events.find((e) => e.type === 'configuration-error'),
    { tenantId: 'acme', code: 'ValidationError', roleArn: ROLE('acme') },
  );
  t.true(lines.some((line) => /^error .*tenant acme: configuration-error \(ValidationError\)/.test(line)));
  t.is(sts.assumeRoleCalls().length, before, 'STS was never asked');
});

test('STS throttled stays a 503 with Retry-After, a refusal the filter sees as the HTTP exception it is', async (t) => {
  const { url, filter } = await appWith(t, 'valid-external-id');
  sts.failNext('Throttling', { roleArn: ROLE('acme') });
  const answer = await fetchJson(url('/t/acme'), { headers: as('alice', ['acme']) });
  t.deepEqual([answer.status, answer.body.error], [503, 'tenant_credentials_unavailable']);
  t.is(answer.headers.get('retry-after'), '1');
  t.false(filter.caught[0] instanceof TenantCredentialsError);
});
