import { trace } from '@opentelemetry/api';
import { ATTR_TENANT_ID } from './attribute-names.js';

/**
 * Puts the tenant the tenant middleware granted on the span active in the request: the HTTP server span of
 * the application's HTTP instrumentation (or a framework's span around the middleware). Traces of one
 * tenant's requests can then be found by tenant even when the request made no DynamoDB call.
 */
export function tagRequestSpan(tenantId: string): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttribute(ATTR_TENANT_ID, tenantId);
}
