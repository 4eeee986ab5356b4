/**
 * The DynamoDB of the fault-injection unit tests: a client that never reaches an engine, and the mock of the
 * DocumentClient class the stores send through (mocking the class intercepts every command any store sends).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

export function mockedDynamoDb() {
  return {
    client: new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    }),
    dynamo: mockClient(DynamoDBDocumentClient),
  };
}

/** What an SDK error needs besides its message. */
export const metadata = { $metadata: {} };
