export type Print = (line: string) => void;

export interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** The status the tour expects; anything else fails the tour. */
  expect: number;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * One request of an example's tour: sends it with fetch, prints request and
 * answer, and throws when the status is not the expected one, so that
 * `npm run example:*` fails loudly when an example stops working.
 */
export async function call(
  base: string,
  print: Print,
  method: string,
  path: string,
  options: CallOptions,
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, base), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body: unknown =
    text.length > 0 && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  print(`${method} ${path} -> ${response.status} ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`);
  if (response.status !== options.expect) {
    throw new Error(`${method} ${path}: expected ${options.expect}, got ${response.status} ${text}`);
  }
  return { status: response.status, headers: response.headers, body };
}
