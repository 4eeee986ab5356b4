/**
 * The REST proxy event API Gateway hands the API Lambda for an IAM-authorized awsJson call, built in-process: the
 * connectors call the API handler with it (lambda/connectors/hub-client.ts), and so do the tests and the bench.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface ProxyEventOptions {
  readonly requestId: string;
  /** The caller, as API Gateway's IAM authorization establishes it. */
  readonly accountId: string;
  readonly arn: string;
  /** Headers beside X-Amz-Target and Content-Type (an Authorization naming the signed region, say). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A POST of `body` (JSON text) to the whole `xAmzTarget` (`AWSMigrationHub.NotifyMigrationTaskState`). */
export function proxyEvent(
  xAmzTarget: string,
  body: string,
  options: ProxyEventOptions,
): APIGatewayProxyEvent {
  const { requestId, accountId, arn } = options;
  return {
    httpMethod: 'POST',
    path: '/',
    resource: '/{proxy+}',
    headers: {
      'X-Amz-Target': xAmzTarget,
      'Content-Type': 'application/x-amz-json-1.1',
      ...options.headers,
    },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: { requestId, identity: { accountId, userArn: arn, caller: arn } },
  } as unknown as APIGatewayProxyEvent;
}
