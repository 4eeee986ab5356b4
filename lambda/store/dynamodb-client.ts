/**
 * The one DynamoDB client a process uses. Timeouts are short and attempts few: a request that cannot reach
 * storage should fail fast with a retryable 5xx, and let the migration tool's SDK retry, rather than hang until
 * API Gateway's 29-second limit.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export function createDynamoDbClient(
  config: Pick<DynamoDBClientConfig, 'endpoint' | 'region' | 'credentials'> = {},
) {
  return new DynamoDBClient({
    ...config,
    maxAttempts: 3,
    // Without throwOnRequestTimeout, @smithy/node-http-handler 4.x only logs a warning when requestTimeout
    // passes, and the request waits on.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
}
