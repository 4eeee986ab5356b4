/**
 * The one DynamoDB client a process uses. Timeouts are short and attempts few: a request that cannot reach
 * storage should fail fast with a retryable 5xx, and let the migration tool's SDK retry, rather than hang until
 * API Gateway's 29-second limit.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

const MAX_ATTEMPTS = 3;
const REQUEST_TIMEOUT_MS = 5_000;

/** The longest one storage request can take, retries included: every attempt timing out. */
export const LONGEST_REQUEST_SECONDS = (MAX_ATTEMPTS * REQUEST_TIMEOUT_MS) / 1000;

/**
 * How long before its due time a staleness lease is written, at least: the longest its write may take (the task
 * store cuts it off there) and 5 s for the clocks of the Lambda that writes it and the sweeper that reads it.
 * See docs/decisions/012-lease-lead.md.
 */
export const LEASE_LEAD_SECONDS = LONGEST_REQUEST_SECONDS + 5;

export function createDynamoDbClient(
  config: Pick<DynamoDBClientConfig, 'endpoint' | 'region' | 'credentials'> = {},
) {
  return new DynamoDBClient({
    ...config,
    maxAttempts: MAX_ATTEMPTS,
    // Without throwOnRequestTimeout, @smithy/node-http-handler 4.x only logs a warning when requestTimeout
    // passes, and the request waits on.
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}
