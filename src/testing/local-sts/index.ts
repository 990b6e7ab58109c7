export type { LocalStsClock, LocalStsClockOptions } from './clock.js';
export type { LocalStsErrorCode } from './error-codes.js';
export type { LocalStsSession } from './issuer.js';
export { startLocalSts } from './local-sts.js';
export type { FailNextOptions, LocalSts, LocalStsCall, LocalStsOptions, LocalStsRole } from './types.js';
