import { Readable } from 'node:stream';

/**
 * A request handler that answers every DynamoDB request at once with a
 * canned JSON body chosen by operation (the X-Amz-Target header). The SDK
 * still builds, signs and parses every request, so a benchmark over it
 * measures the whole client-side cost and nothing of the network.
 */
export interface CannedBodies {
  readonly [operation: string]: string;
}

interface RequestLike {
  readonly headers: Record<string, string>;
}

export function cannedHandler(bodies: CannedBodies) {
  const buffers = new Map(Object.entries(bodies).map(([op, body]) => [op, Buffer.from(body)]));
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: RequestLike) {
      const target = request.headers['x-amz-target'] ?? '';
      const operation = target.slice(target.indexOf('.') + 1);
      const body = buffers.get(operation);
      if (!body) throw new Error(`no canned response for ${operation}`);
      return {
        response: {
          statusCode: 200,
          reason: 'OK',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.length) },
          body: Readable.from([body]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}
