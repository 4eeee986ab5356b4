/**
 * Calling the API handler as API Gateway does, without a server: the REST proxy event of a signed-in caller,
 * the Lambda context, and the answer parsed. The unit tests, the handler fault tests and the benchmark share it.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ApiHandler } from '../../lambda/api/create-api-handler';
import { DEFAULT_PRINCIPAL } from '../../local/credentials';

/** Who calls: an IAM identity of an account. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

/** The REST proxy event API Gateway hands the Lambda for an IAM-authorized call. */
export function proxyEvent(
  target: string,
  body: object,
  { requestId = randomUUID(), as = DEFAULT_PRINCIPAL }: { requestId?: string; as?: CallerIdentity } = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/',
    resource: '/{proxy+}',
    headers: { 'X-Amz-Target': `AWSMigrationHub.${target}`, 'Content-Type': 'application/x-amz-json-1.1' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      requestId,
      identity: { accountId: as.accountId, userArn: as.arn, caller: as.arn },
    },
  } as unknown as APIGatewayProxyEvent;
}

/** The Lambda context the handler reads (request id, remaining time). */
export function lambdaContext(requestId: string): Context {
  return { awsRequestId: requestId, getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
}

export interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** One call through the handler, as `as` (the default local principal unless said). */
export async function invoke(
  handler: ApiHandler,
  target: string,
  body: object,
  as: CallerIdentity = DEFAULT_PRINCIPAL,
): Promise<Answer> {
  const requestId = randomUUID();
  const result = await handler(proxyEvent(target, body, { requestId, as }), lambdaContext(requestId));
  return { status: result.statusCode, json: JSON.parse(result.body) as Record<string, unknown> };
}
