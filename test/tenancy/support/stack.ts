import type { ExecutionContext } from 'ava';
import type { TenantEvent, TenantPrincipal } from '../../../src/tenancy/index.js';
import { StsTenantClientProvider, type StsTenantClientProviderOptions } from '../../../src/tenancy/index.js';
import { type LocalSts, type LocalStsOptions, startLocalSts } from '../../../src/testing/local-sts/index.js';

export const ACCOUNT = '123456789012';
export const roleArnOf = (tenantId: string): string => `arn:aws:iam::${ACCOUNT}:role/TenantRole-${tenantId}`;

/** The principal of the contract's examples. */
export interface User extends TenantPrincipal {
  readonly userId: string;
  readonly tenants: readonly string[];
}

export const member = (userId: string, ...tenants: string[]): User => ({ userId, tenants });

/**
 * A local STS with a frozen clock, and providers wired to it (same clock, STS
 * client without retries so a failure shows as it is), all closed by
 * `stop()`.
 */
export class TenancyStack {
  readonly events: TenantEvent[] = [];
  readonly #providers: StsTenantClientProvider<User>[] = [];

  private constructor(readonly sts: LocalSts) {}

  static async start(options: LocalStsOptions = {}): Promise<TenancyStack> {
    return new TenancyStack(await startLocalSts({ clock: { frozen: true }, ...options }));
  }

  /** A provider on this STS; `dynamoEndpoint` is where scoped clients send. */
  provider(
    dynamoEndpoint: string,
    options: Partial<StsTenantClientProviderOptions<User>> = {},
  ): StsTenantClientProvider<User> {
    const provider = new StsTenantClientProvider<User>({
      roleArn: roleArnOf,
      sts: { ...this.sts.clientConfig('appcaller'), maxAttempts: 1 },
      dynamo: { region: 'us-east-1', endpoint: dynamoEndpoint, maxAttempts: 1 },
      clock: () => this.sts.clock.now(),
      onEvent: (event) => this.events.push(event),
      pruneIntervalSeconds: 0,
      ...options,
    });
    this.#providers.push(provider);
    return provider;
  }

  assumeRoleCount(tenantId?: string): number {
    return this.sts.assumeRoleCalls(tenantId === undefined ? undefined : roleArnOf(tenantId)).length;
  }

  eventsOf(type: TenantEvent['type']): TenantEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  async stop(): Promise<void> {
    await Promise.all(this.#providers.map((p) => p.close()));
    await this.sts.stop();
  }
}

/** Registers `stop()` of a stack for after the test. */
export async function stackFor(t: ExecutionContext, options?: LocalStsOptions): Promise<TenancyStack> {
  const stack = await TenancyStack.start(options);
  t.teardown(() => stack.stop());
  return stack;
}
