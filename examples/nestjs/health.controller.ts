import { Controller, Get } from '@nestjs/common';

/** Outside any tenant: no guard, no tenant scope. */
@Controller('healthz')
export class HealthController {
  @Get()
  health(): { ok: true } {
    return { ok: true };
  }
}
