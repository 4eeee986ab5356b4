/**
 * Who is calling, and for which region, as the edge in front of the Lambda established it. API Gateway
 * (AWS_IAM) and the local endpoint both verify the SigV4 signature before the handler runs, and both fill
 * `requestContext.identity` with the caller's account and ARN.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AccessDeniedError } from '../errors';
import { headerValue } from '../protocol/aws-json';

export interface Caller {
  /** The caller's AWS account: the namespace of every stream and task it names. */
  readonly accountId: string;
  /** The caller's IAM ARN (for an assumed role, its session ARN). */
  readonly arn: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export function callerOf(event: APIGatewayProxyEvent): Caller {
  const { accountId, userArn } = event.requestContext?.identity ?? {};
  if (!accountId || !ACCOUNT_ID.test(accountId) || !userArn) {
    throw new AccessDeniedError('The request carries no IAM identity. Sign it with AWS Signature Version 4.');
  }
  return { accountId, arn: userArn };
}

/** `Credential=AKID/20261128/us-west-2/mgh/aws4_request` → `us-west-2`. */
const CREDENTIAL_SCOPE_REGION = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//;

/**
 * The region the request was signed for: the credential scope of its (already verified) signature, from the
 * Authorization header or a presigned URL's X-Amz-Credential.
 */
export function signedRegion(event: APIGatewayProxyEvent): string | undefined {
  const authorization = headerValue(event, 'authorization');
  const fromHeader = authorization && CREDENTIAL_SCOPE_REGION.exec(authorization)?.[1];
  if (fromHeader) return fromHeader;
  const credential = event.queryStringParameters?.['X-Amz-Credential'];
  return credential?.split('/')[2];
}
