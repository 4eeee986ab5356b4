/**
 * Faults in the background deletion that a real engine cannot produce on demand: a batch DynamoDB keeps
 * leaving unprocessed gives the run up (to be resumed) rather than spinning forever.
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../lambda/errors';
import { StreamDeletion } from '../../lambda/store/stream-deletion';
import { FakeClock } from '../support/clock';
import { mockedDynamoDb } from '../support/mocked-dynamodb';

const { client, dynamo } = mockedDynamoDb();

test('a batch left unprocessed eight times fails the run, with the queue entry kept for the next run', async () => {
  dynamo.reset();
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'DELETIONS' } }).resolves({
    Items: [{ pk: 'DELETIONS', sk: '111122223333|Tool', queuedAt: 1 }],
  });
  dynamo.on(GetCommand).resolves({ Item: { state: 'DELETING' } });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': '111122223333|Tool' } })
    .resolves({ Items: [{ pk: '111122223333|Tool', sk: 'vm-1' }] });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': '111122223333|Tool|vm-1' } })
    .resolves({ Items: [{ pk: '111122223333|Tool|vm-1', sk: 'h' }] });
  dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
    UnprocessedItems: input.RequestItems,
  }));

  const clock = new FakeClock();
  const run = new StreamDeletion(client, 'table', { graceSeconds: 0, clock }).run();
  await expect(run).rejects.toBeInstanceOf(ServiceUnavailableError);
  expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(8);
  expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  // Backing off between attempts, on the clock it was given: no wall-clock time spent.
  expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
});
