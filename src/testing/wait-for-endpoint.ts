import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DEFAULT_ACCESS_KEY_ID } from './credentials.js';

/** Options of waitForEndpoint(): the probe's region, how long to wait, and how often to try. */
export interface WaitForEndpointOptions {
  /** Region of the probe requests. Default 'us-east-1'. */
  region?: string;
  /** Give up after this many milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Pause between attempts. Default 100. */
  intervalMs?: number;
  /**
   * Called before each attempt; an Error returned here ends the wait with that
   * error (e.g. "the process we are waiting for has died").
   */
  failure?: () => Error | undefined;
}

/**
 * Waits until `endpoint` answers a real DynamoDB request (ListTables) with
 * success. Rejects after `timeoutMs` with the last error seen.
 */
export async function waitForEndpoint(endpoint: string, options: WaitForEndpointOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  const probe = new DynamoDBClient({
    endpoint,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  });
  let lastError: unknown;
  try {
    for (;;) {
      const failed = options.failure?.();
      if (failed) throw failed;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }), {
          abortSignal: AbortSignal.timeout(Math.max(250, Math.min(5_000, remaining))),
        });
        return;
      } catch (error) {
        lastError = error;
      }
      const failedAfter = options.failure?.();
      if (failedAfter) throw failedAfter;
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
    }
  } finally {
    probe.destroy();
  }
  const detail = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
  throw new Error(`DynamoDB endpoint ${endpoint} did not answer within ${timeoutMs} ms (last error: ${detail})`, {
    cause: lastError,
  });
}
