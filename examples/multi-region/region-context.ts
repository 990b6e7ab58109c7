import type { RequestHandler } from 'express';
import type { RegionalClients } from '../../src/clients/index.js';
import { runWithClient } from '../../src/index.js';
import { isRegion } from './regions.js';

/**
 * Routes a request to its region: the rest of the request runs inside
 * runWithClient(the region's client). Only known regions: a region name from
 * a URL must not choose an arbitrary endpoint.
 */
export function regionContext(regions: RegionalClients): RequestHandler {
  return (req, res, next) => {
    const region = req.params.region;
    if (!isRegion(region)) return void res.status(404).json({ error: 'unknown_region', region });
    res.locals.region = region;
    runWithClient(regions.clientFor(region), () => next());
  };
}
