/**
 * A notification's lease write is cut off at its limit, so no lease can land after the sweep may have read past
 * its due time: the client gets a retryable 5xx (its retry writes a lease of its own). The fault a real engine
 * cannot produce on demand, a BatchWriteItem that never answers, comes from a loopback server that answers the
 * task's UpdateItem as DynamoDB does and holds every BatchWriteItem open.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceUnavailableError } from '../../lambda/errors';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { localEngineClient } from '../../local/engine';

let server: Server;
const held: ServerResponse[] = [];
const targets: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']);
      targets.push(target);
      if (target === 'DynamoDB_20120810.BatchWriteItem') {
        held.push(response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const response of held) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

test('a lease write that outlasts its limit fails the notification with a retryable 5xx, at the limit', async () => {
  const { port } = server.address() as AddressInfo;
  const client = localEngineClient(`http://127.0.0.1:${port}`);
  const store = new DynamoDbTaskStore({ client, tableName: 'table', leaseWriteLimitMs: 300 });
  const began = performance.now();
  const notify = store.notify(
    { accountId: '111122223333', stream: 'Tool', task: 'vm-1' },
    { task: { Status: 'IN_PROGRESS' }, updateDateTime: Date.now() / 1000, nextUpdateSeconds: 600 },
  );
  await expect(notify).rejects.toBeInstanceOf(ServiceUnavailableError);
  expect(performance.now() - began).toBeGreaterThanOrEqual(290);
  // Cut off during its first attempt: the client's own timeout (5 s) would have retried it twice more.
  expect(targets).toEqual(['DynamoDB_20120810.UpdateItem', 'DynamoDB_20120810.BatchWriteItem']);
  client.destroy();
});
