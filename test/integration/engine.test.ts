/** Each jest project runs the suite on the engine it names; this proves which one answered. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand, QueryCommand, TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';
import { levelIteratorPrototype, startEngine } from '../../local/engine';
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

test('the embedded dynalite closes the LevelDB iterator of every Query (open ones pin memory)', async () => {
  const iterator = levelIteratorPrototype();
  const close = iterator.close;
  const closed = new Set<object>();
  iterator.close = function (this: object) {
    closed.add(this);
    return close.call(this);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'mgh-engine-'));
  const engine = await startEngine({ tableName: 'iterators', dataDir });
  try {
    const TableName = engine.tableName;
    for (let i = 0; i < 10; i++) {
      await engine.client.send(
        new PutItemCommand({ TableName, Item: { pk: { S: 'p' }, sk: { S: `s${i}` } } }),
      );
    }
    closed.clear();
    const query = (pk: string, Limit?: number) =>
      engine.client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ...(Limit !== undefined && { Limit }),
        }),
      );
    for (let i = 0; i < 20; i++) await Promise.all([query('p', 3), query('p'), query('nothing')]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed.size).toBeGreaterThanOrEqual(60);
  } finally {
    iterator.close = close;
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
