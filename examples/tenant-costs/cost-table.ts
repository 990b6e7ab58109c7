import type { CapacityUsage } from '../../src/index.js';

/** On-demand prices per million request units (us-east-1, since November 2024); pass your region's. */
export interface OnDemandPrices {
  readonly perMillionReads: number;
  readonly perMillionWrites: number;
}

export const US_EAST_1_ON_DEMAND: OnDemandPrices = { perMillionReads: 0.125, perMillionWrites: 0.625 };

export interface TenantCost {
  readonly tenantId: string;
  readonly reads: number;
  readonly writes: number;
  /** In the prices' currency. */
  readonly cost: number;
}

/**
 * A CapacityMeter snapshot as a cost per tenant: on-demand tables bill one read request unit per reported
 * read capacity unit and one write request unit per write capacity unit, table and indexes alike.
 */
export function costPerTenant(usage: readonly CapacityUsage[], prices: OnDemandPrices): TenantCost[] {
  const byTenant = new Map<string, { reads: number; writes: number }>();
  for (const row of usage) {
    const tenantId = row.tenantId ?? '(no tenant)';
    const sum = byTenant.get(tenantId) ?? { reads: 0, writes: 0 };
    sum.reads += row.read;
    sum.writes += row.write;
    byTenant.set(tenantId, sum);
  }
  return [...byTenant]
    .map(([tenantId, { reads, writes }]) => ({
      tenantId,
      reads,
      writes,
      cost: (reads * prices.perMillionReads + writes * prices.perMillionWrites) / 1_000_000,
    }))
    .sort((a, b) => b.cost - a.cost || a.tenantId.localeCompare(b.tenantId));
}

/** The costs as a plain-text table, most expensive tenant first. */
export function formatCostTable(costs: readonly TenantCost[]): string {
  const rows = costs.map((c) => [c.tenantId, c.reads.toFixed(1), c.writes.toFixed(1), `$${c.cost.toFixed(8)}`]);
  const header = ['tenant', 'read units', 'write units', 'cost'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
