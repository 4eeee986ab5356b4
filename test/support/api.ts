/**
 * Calling the API handler as API Gateway does, without a server: the REST proxy event of a signed-in caller,
 * the Lambda context, and the answer parsed. The unit tests, the handler fault tests and the benchmark share it.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ApiHandler } from '../../lambda/api/create-api-handler';
import { proxyEvent as buildProxyEvent } from '../../lambda/protocol/proxy-event';
import { DEFAULT_PRINCIPAL } from '../../local/credentials';

/** Who calls: an IAM identity of an account. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

/**
 * The REST proxy event API Gateway hands the Lambda for an IAM-authorized call. `target` is an operation of
 * Migration Hub, or a whole X-Amz-Target (`AWSMigrationHubMultiAccountService.GetHomeRegion`); `region`, the
 * region the (already verified) signature names.
 */
export function proxyEvent(
  target: string,
  body: object,
  {
    requestId = randomUUID(),
    as = DEFAULT_PRINCIPAL,
    region,
  }: { requestId?: string; as?: CallerIdentity; region?: string } = {},
): APIGatewayProxyEvent {
  return buildProxyEvent(target.includes('.') ? target : `AWSMigrationHub.${target}`, JSON.stringify(body), {
    requestId,
    accountId: as.accountId,
    arn: as.arn,
    ...(region && {
      headers: {
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/${region}/mgh/aws4_request, SignedHeaders=host, Signature=0`,
      },
    }),
  });
}

/** The Lambda context the handler reads (request id, remaining time). */
export function lambdaContext(requestId: string): Context {
  return { awsRequestId: requestId, getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
}

export interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** One call through the handler, as `as` (the default local principal unless said), signed for `region`. */
export async function invoke(
  handler: ApiHandler,
  target: string,
  body: object,
  as: CallerIdentity = DEFAULT_PRINCIPAL,
  region?: string,
): Promise<Answer> {
  const requestId = randomUUID();
  const event = proxyEvent(target, body, { requestId, as, ...(region && { region }) });
  const result = await handler(event, lambdaContext(requestId));
  return { status: result.statusCode, json: JSON.parse(result.body) as Record<string, unknown> };
}
