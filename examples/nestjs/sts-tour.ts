import type { LocalSts } from '../../src/testing/index.js';
import { demoHeaders } from '../local-development/demo-principal.js';
import { call, type Print } from '../local-development/http-call.js';
import { usersApiTour } from '../local-development/users-api-tour.js';

/** The users API tour of the Express and Koa examples, then what STS adds. */
export async function stsTour(sts: LocalSts, base: string, print: Print): Promise<void> {
  await usersApiTour(base, print);
  print(
    '9. initech has no role in this STS: AssumeRole is refused (AccessDenied), so its credentials are unavailable: 503',
  );
  await call(base, print, 'GET', '/api/tenants/initech/users', {
    headers: demoHeaders('ivan', ['initech']),
    expect: 503,
  });
  print('\nAssumeRole calls: one per tenant, cached for all the requests above');
  for (const { input, outcome } of sts.assumeRoleCalls()) {
    print(`  ${input.RoleArn} as ${input.RoleSessionName}: ${outcome.ok ? 'issued' : outcome.code}`);
  }
}
