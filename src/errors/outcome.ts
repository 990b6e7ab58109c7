// Whether a failed request may have been applied. DynamoDB applies a request or answers with a refusal; when the
// answer is lost (a reset connection, a timeout) or DynamoDB fails inside (5xx), the caller cannot know which.

/** Network failures that happen before a request leaves: it was not sent, so not applied. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'CredentialsProviderError']);

interface AttemptError {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

/** True when one attempt's failure shows it was not applied: DynamoDB answered 4xx, or it was never sent. */
export function attemptNotApplied(error: unknown): boolean {
  const e = (error ?? {}) as AttemptError;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) return true;
  return NEVER_SENT.has(e.code ?? '') || NEVER_SENT.has(e.name ?? '');
}

/** How many times the SDK sent the request behind an SDK error (1 when it does not say). */
export function attemptsOf(error: unknown): number {
  return ((error ?? {}) as AttemptError).$metadata?.attempts ?? 1;
}
