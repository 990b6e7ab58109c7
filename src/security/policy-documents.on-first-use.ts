/**
 * The IAM policy builders (policy-documents.ts). Here they are imported as usual; the build for Node replaces this
 * module with one that loads their file on the first tenantPolicy() or tenantTrustPolicy() call, so that importing
 * the package does not parse them.
 */
import * as documents from './policy-documents.js';

export const policyDocuments = (): typeof documents => documents;
