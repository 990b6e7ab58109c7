/** What builds the IAM policy documents of tenantPolicy() and tenantTrustPolicy(). */
export { tenantPolicyDocument } from './tenant-policy-document.js';
export { trustPolicyDocument } from './tenant-trust-policy.js';
