/**
 * The parts of API Gateway's Lambda proxy event (REST API, Cognito user pool
 * authorizer) and result that the handler reads and writes; the full types
 * are in @types/aws-lambda.
 */
export interface ApiGatewayEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string | undefined>> | null;
  readonly headers: Readonly<Record<string, string | undefined>> | null;
  readonly body: string | null;
  readonly requestContext: {
    readonly requestId: string;
    /** Set by the authorizer: a Cognito user pool authorizer puts the token's claims here, all as strings. */
    readonly authorizer?: { readonly claims?: Readonly<Record<string, string | undefined>> } | null;
  };
}

export interface ApiGatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function json(statusCode: number, value: unknown): ApiGatewayResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
