import { HttpException } from '@nestjs/common';
import type { TenantRefusal } from '../middleware/shared/refusals.js';

/**
 * A request the tenant scope refused: 401 (no principal), 400 (no tenant),
 * 403 (not the caller's tenant), 503 (no credentials for the tenant for
 * now; a provider configured wrongly is not a refusal: its
 * TenantCredentialsError reaches the exception filters as it is, a 500). The
 * body is the JSON the Express and Koa middleware answer,
 * `{ error, message, tenantId?, reason? }`; an exception filter can
 * `@Catch(TenantRefusedException)` to answer differently.
 */
export class TenantRefusedException extends HttpException {
  constructor(
    /** The answer the tenant scope chose: status, JSON body and headers. */
    readonly refusal: TenantRefusal,
  ) {
    super(refusal.body, refusal.status);
  }
}
