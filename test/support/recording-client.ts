import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HttpRequest, HttpResponse } from '@smithy/types';

/** One HTTP request the SDK sent: the operation named by X-Amz-Target and the parsed JSON body. */
export interface RecordedRequest {
  /** `GetItem`, `BatchWriteItem`, ... (X-Amz-Target without its `DynamoDB_20120810.` prefix). */
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/** A canned HTTP answer: a status and a JSON body. */
export interface CannedResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A real DynamoDBClient whose request handler answers in-process: the SDK serializes, signs and
 * deserializes as it always does, and nothing leaves the process. Each request is recorded; the answers
 * come from a queue (an empty `{}` with status 200 when the queue is empty).
 */
export interface RecordingClient {
  readonly client: DynamoDBClient;
  /** Every request so far, in order. */
  readonly requests: RecordedRequest[];
  /** Queues successful answers (JSON bodies, in DynamoDB's wire format), one per coming request. */
  reply(...bodies: unknown[]): void;
  /** Queues an error answer: status 400 with `__type` set to DynamoDB's name for `type` (e.g. 'TransactionCanceledException'). */
  replyError(type: string, fields?: Record<string, unknown>): void;
  /** The recorded bodies of the requests of one operation. */
  bodiesOf(operation: string): Record<string, unknown>[];
}

const TARGET_PREFIX = 'DynamoDB_20120810.';

function headerOf(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // The bytes themselves: the SDK's body is a Uint8Array subclass whose string methods (valueOf, which
  // Buffer.from(object) calls) log a deprecation warning.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new Error(`recording client: a request body of type ${typeof body} is not JSON text`);
}

function answer({ status, body }: CannedResponse): HttpResponse {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return {
    statusCode: status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(bytes.length) },
    body: Readable.from([bytes]),
  };
}

/**
 * A recording client. `maxAttempts` is 1 unless given: a canned error is answered once, not retried by the
 * SDK (the library's own retries, e.g. for unprocessed batch items, still run).
 */
export function recordingClient(options: { maxAttempts?: number } = {}): RecordingClient {
  const requests: RecordedRequest[] = [];
  const queue: CannedResponse[] = [];
  const requestHandler = {
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const target = headerOf(request, 'x-amz-target') ?? '';
      const text = bodyText(request.body);
      requests.push({
        operation: target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      return { response: answer(queue.shift() ?? { status: 200, body: {} }) };
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, never> {
      return {};
    },
    destroy(): void {},
  };
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://dynamodb.recording.invalid',
    credentials: { accessKeyId: 'AKIDRECORDING', secretAccessKey: 'recording-secret' },
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler,
  });
  return {
    client,
    requests,
    reply(...bodies) {
      for (const body of bodies) queue.push({ status: 200, body });
    },
    replyError(type, fields = {}) {
      queue.push({ status: 400, body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, ...fields } });
    },
    bodiesOf(operation) {
      return requests.filter((r) => r.operation === operation).map((r) => r.body);
    },
  };
}

/** `input` as the SDK puts it on the wire: JSON, with undefined fields left out. */
export function serialized(input: unknown): unknown {
  return JSON.parse(JSON.stringify(input));
}
