/** Each jest project runs the suite on the engine it names; this proves which one answered. */
import { TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';
import { ENGINE, startTestEndpoint } from './support/endpoint';

test(`the suite runs on ${ENGINE}`, async () => {
  const endpoint = await startTestEndpoint();
  try {
    const { client, tableName } = endpoint.local.engine;
    // DynamoDB Local implements transactions; dynalite does not know the operation.
    const transaction = client.send(
      new TransactGetItemsCommand({
        TransactItems: [{ Get: { TableName: tableName, Key: { pk: { S: 'x' }, sk: { S: 'y' } } } }],
      }),
    );
    if (ENGINE === 'dynamodb-local') {
      expect(endpoint.local.engine.endpoint).toBe(process.env.MGH_TEST_DYNAMODB_LOCAL_ENDPOINT);
      await expect(transaction).resolves.toHaveProperty('Responses');
    } else {
      await expect(transaction).rejects.toThrow();
    }
  } finally {
    await endpoint.close();
  }
});
