/**
 * Deleting a stream, the part DeleteProgressUpdateStream does before it answers; the rest is StreamDeletion's,
 * in the background.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StreamKey } from '../../model/task';
import { deletionQueueKey, streamItemKey, streamTasksPartition } from '../table';
import type { DeleteStreamOutcome } from '../task-store';
import { storageError } from './errors';
import type { TableAccess } from './table-access';

/**
 * Deleting a stream, the synchronous part: queue it for the background deletion (so a crash at any later
 * point is resumed), mark the stream (Create, Import and Associate then refuse it, lists leave it out), then
 * mark each task (Notify and PutResourceAttributes refuse it). Deleting a stream that is already being
 * deleted marks again and changes nothing else.
 */
export async function beginStreamDeletion(
  table: TableAccess,
  { accountId, stream }: StreamKey,
  queuedAt: number,
): Promise<DeleteStreamOutcome> {
  if (!(await table.getStream({ accountId, stream }))) return 'stream-not-found';
  const queued = deletionQueueKey(accountId, stream);
  await table.put({ ...queued, queuedAt });
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: streamItemKey(accountId, stream),
        UpdateExpression: 'SET #state = :deleting',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':deleting': 'DELETING' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    // Deleted meanwhile: withdraw our queue entry, unless a newer deletion has queued its own since.
    await table.doc
      .send(
        new DeleteCommand({
          TableName: table.tableName,
          Key: queued,
          ConditionExpression: 'queuedAt = :queuedAt',
          ExpressionAttributeValues: { ':queuedAt': queuedAt },
        }),
      )
      .catch((deleteError: unknown) => {
        if (!(deleteError instanceof ConditionalCheckFailedException)) throw storageError(deleteError);
      });
    return 'stream-not-found';
  }
  let after: string | undefined;
  do {
    const page = await table.queryPage({
      pk: streamTasksPartition(accountId, stream),
      limit: 25,
      ...(after !== undefined && { after }),
    });
    await Promise.all(page.items.map((item) => markTaskDeleting(table, { pk: item.pk, sk: item.sk })));
    after = page.next;
  } while (after !== undefined);
  return 'deleting';
}

async function markTaskDeleting(table: TableAccess, Key: Record<string, unknown>): Promise<void> {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key,
        UpdateExpression: 'SET deleting = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  } catch (error) {
    // A task removed meanwhile needs no marker.
    if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
  }
}
