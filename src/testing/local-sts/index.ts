export type { LocalStsClock, LocalStsClockOptions } from './clock.js';
export type { LocalStsErrorCode } from './error-codes.js';
export type { LocalStsSession } from './issuer.js';
export {
  type FailNextOptions,
  type LocalSts,
  type LocalStsCall,
  type LocalStsOptions,
  type LocalStsRole,
  startLocalSts,
} from './local-sts.js';
