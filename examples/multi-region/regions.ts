import { RegionalClients } from '../../src/clients/index.js';

/** The regions of the MultiRegionService. */
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: unknown): value is Region {
  return (REGIONS as readonly unknown[]).includes(value);
}

/**
 * One client per region on one connection pool. In production that is
 * `new RegionalClients({ allowedRegions: REGIONS })`. Locally, every region's
 * endpoint is the same DynamoDB Local, which keeps one database per access
 * key id AND region: the regions' data stay apart just as in AWS.
 */
export function localRegionalClients(endpoint: string, accessKeyId = 'local'): RegionalClients {
  return new RegionalClients({
    allowedRegions: REGIONS,
    endpoints: Object.fromEntries(REGIONS.map((region) => [region, endpoint])),
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
}
