/**
 * The background half of DeleteProgressUpdateStream: for each stream in the deletion queue, remove every task
 * with its history and artifacts, then the stream, then the queue entry. Every step is an idempotent delete
 * and the queue entry goes last, so a run cut short (a crash, a timeout, the deadline) is simply resumed by
 * the next run, and two runs at once do no harm. Runs from the maintenance Lambda (every minute) and from
 * the local endpoint.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { storageError } from './dynamodb-task-store';
import {
  artifactsPartition,
  DELETIONS_PARTITION,
  historyPartition,
  type ItemKey,
  streamItemKey,
  streamTasksPartition,
} from './table';

export interface DeletionReport {
  readonly streamsDeleted: number;
  readonly itemsDeleted: number;
  /** False when the deadline came first: the next run goes on where this one stopped. */
  readonly finished: boolean;
}

const BATCH = 25;

export class StreamDeletion {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** Works through the queue until it is empty or `deadline` (epoch ms) has passed. */
  async run(deadline = Number.POSITIVE_INFINITY): Promise<DeletionReport> {
    let streamsDeleted = 0;
    let itemsDeleted = 0;
    const pastDeadline = () => Date.now() >= deadline;
    try {
      for (const entry of await this.keys(DELETIONS_PARTITION)) {
        // The entry's sort key is `account|stream`; neither part can contain `|`.
        const [accountId = '', stream = ''] = entry.sk.split('|');
        // Until the partition is empty: a task imported in the instant before the stream was marked is caught.
        for (;;) {
          const tasks = await this.keys(streamTasksPartition(accountId, stream));
          if (tasks.length === 0) break;
          for (const task of tasks) {
            if (pastDeadline()) return { streamsDeleted, itemsDeleted, finished: false };
            itemsDeleted += await this.deletePartition(historyPartition(accountId, stream, task.sk));
            itemsDeleted += await this.deletePartition(artifactsPartition(accountId, stream, task.sk));
            itemsDeleted += await this.deleteAll([task]);
          }
        }
        await this.doc.send(
          new DeleteCommand({ TableName: this.tableName, Key: streamItemKey(accountId, stream) }),
        );
        await this.doc.send(
          new DeleteCommand({ TableName: this.tableName, Key: { pk: entry.pk, sk: entry.sk } }),
        );
        streamsDeleted += 1;
      }
    } catch (error) {
      throw storageError(error);
    }
    return { streamsDeleted, itemsDeleted, finished: true };
  }

  private async deletePartition(pk: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const keys = await this.keys(pk, 100);
      if (keys.length === 0) return deleted;
      deleted += await this.deleteAll(keys);
    }
  }

  /** Keys of a partition: all of them, or the first `limit`. */
  private async keys(pk: string, limit?: number): Promise<ItemKey[]> {
    const items: ItemKey[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey,
          ...(limit !== undefined && { Limit: limit }),
        }),
      );
      items.push(...((page.Items ?? []) as ItemKey[]));
      ExclusiveStartKey = limit === undefined ? page.LastEvaluatedKey : undefined;
    } while (ExclusiveStartKey);
    return items;
  }

  private async deleteAll(keys: readonly ItemKey[]): Promise<number> {
    for (let start = 0; start < keys.length; start += BATCH) {
      let requests = keys
        .slice(start, start + BATCH)
        .map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const result = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
    return keys.length;
  }
}
