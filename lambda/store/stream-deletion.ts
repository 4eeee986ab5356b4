/**
 * The background half of DeleteProgressUpdateStream: for each stream in the deletion queue, remove every task
 * with its history, artifacts, discovered and source resources and its search index entries (those its item's
 * `resourceNames` and `discoveredIds` name), then the stream, then the queue entry. Every
 * step is an idempotent delete and the queue entry goes last, so a run cut short (a crash, a timeout, the
 * deadline) is simply resumed by the next run, and two runs at once do no harm. Runs from the maintenance
 * Lambda (every minute) and from the local endpoint.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, nowSeconds, systemClock } from '../clock';
import { ServiceUnavailableError } from '../errors';
import { BATCH_LIMIT, writeBatch } from './dynamodb/batch-write';
import { storageError } from './dynamodb/errors';
import {
  artifactsPartition,
  DELETIONS_PARTITION,
  discoveredResourcesPartition,
  historyPartition,
  type ItemKey,
  parseDeletionQueueKey,
  type SearchSource,
  searchPartition,
  searchSortKey,
  searchValueDigest,
  sourceResourcesPartition,
  streamItemKey,
  streamTasksPartition,
} from './table';

type KeyedItem = ItemKey & {
  queuedAt?: number;
  resourceNames?: Set<string>;
  discoveredIds?: Set<string>;
};

/** The keys of a task's search index entries: one per value its item matches (see dynamodb/search-index.ts). */
function searchEntriesOf(accountId: string, stream: string, task: KeyedItem): ItemKey[] {
  const entry = (digest: string, source: SearchSource) => ({
    pk: searchPartition(accountId, digest),
    sk: searchSortKey(stream, task.sk, source),
  });
  return [
    ...[...(task.resourceNames ?? [])].map((value) => entry(searchValueDigest(value), 'A')),
    ...[...(task.discoveredIds ?? [])].map((digest) => entry(digest, 'D')),
  ];
}

export interface DeletionOptions {
  /**
   * How long a queued deletion waits before its data is removed: longer than any request can take (the API
   * Lambda's timeout), so that a write which passed its checks just before the stream was marked has landed,
   * and is deleted, rather than landing after its partition was cleared.
   * @default 30
   */
  readonly graceSeconds?: number;
  /** Decides the grace period, the deadline and the waits between batch attempts. @default systemClock */
  readonly clock?: Clock;
}

export interface DeletionReport {
  readonly streamsDeleted: number;
  /** Queued within the grace period: left for a later run. */
  readonly streamsWaiting: number;
  readonly itemsDeleted: number;
  /** False when the deadline came first: the next run goes on where this one stopped. */
  readonly finished: boolean;
}

/** Attempts at a batch whose items DynamoDB leaves unprocessed (throttling) before giving the run up. */
const MAX_BATCH_ATTEMPTS = 8;

export class StreamDeletion {
  private readonly doc: DynamoDBDocumentClient;

  private readonly graceSeconds: number;
  private readonly clock: Clock;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    { graceSeconds = 30, clock = systemClock }: DeletionOptions = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
    this.graceSeconds = graceSeconds;
    this.clock = clock;
  }

  /** Works through the queue until it is empty or the clock reaches `stopByMs` (epoch ms). */
  async run(stopByMs = Number.POSITIVE_INFINITY): Promise<DeletionReport> {
    let streamsDeleted = 0;
    let streamsWaiting = 0;
    let itemsDeleted = 0;
    try {
      for (const entry of await this.keys(DELETIONS_PARTITION)) {
        const { accountId, stream } = parseDeletionQueueKey(entry.sk);
        if ((entry.queuedAt ?? 0) > nowSeconds(this.clock) - this.graceSeconds) {
          streamsWaiting += 1;
          continue;
        }
        // A stray entry for a stream that is active (never marked) deletes nothing of it.
        const { Item: streamItem } = await this.doc.send(
          new GetCommand({
            TableName: this.tableName,
            Key: streamItemKey(accountId, stream),
            ConsistentRead: true,
          }),
        );
        if (streamItem?.state === 'ACTIVE') {
          await this.deleteIf(entry, 'queuedAt = :queuedAt', { ':queuedAt': entry.queuedAt });
          continue;
        }
        // A page of tasks at a time, until none is left: a task imported in the instant before the stream
        // was marked is caught too.
        for (;;) {
          const tasks = await this.keys(streamTasksPartition(accountId, stream), 100);
          if (tasks.length === 0) break;
          for (const task of tasks) {
            for (const partition of [
              historyPartition(accountId, stream, task.sk),
              artifactsPartition(accountId, stream, task.sk),
              discoveredResourcesPartition(accountId, stream, task.sk),
              sourceResourcesPartition(accountId, stream, task.sk),
            ]) {
              const result = await this.deletePartition(partition, stopByMs);
              itemsDeleted += result.deleted;
              if (!result.finished) return { streamsDeleted, streamsWaiting, itemsDeleted, finished: false };
            }
            // The entries before the task item: a run cut short between them still finds what to delete.
            itemsDeleted += await this.deleteAll(searchEntriesOf(accountId, stream, task));
            itemsDeleted += await this.deleteAll([task]);
          }
        }
        // Only the stream that is being deleted: never one created again under the same name meanwhile.
        await this.deleteIf(
          streamItemKey(accountId, stream),
          '#state = :deleting',
          { ':deleting': 'DELETING' },
          {
            '#state': 'state',
          },
        );
        // Only this deletion's entry: a newer DeleteProgressUpdateStream may have queued its own since.
        await this.deleteIf(entry, 'queuedAt = :queuedAt', { ':queuedAt': entry.queuedAt });
        streamsDeleted += 1;
      }
    } catch (error) {
      throw storageError(error);
    }
    return { streamsDeleted, streamsWaiting, itemsDeleted, finished: true };
  }

  private async deletePartition(
    pk: string,
    stopByMs: number,
  ): Promise<{ deleted: number; finished: boolean }> {
    let deleted = 0;
    for (;;) {
      if (this.clock.nowMs() >= stopByMs) return { deleted, finished: false };
      const keys = await this.keys(pk, 100);
      if (keys.length === 0) return { deleted, finished: true };
      deleted += await this.deleteAll(keys);
    }
  }

  private async deleteIf(
    key: ItemKey,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: key.pk, sk: key.sk },
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(names && { ExpressionAttributeNames: names }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Keys of a partition, with `queuedAt` (only queue entries have it) and what a task item's search entries are
   * known by: all of them, or the first `limit`.
   */
  private async keys(pk: string, limit?: number): Promise<KeyedItem[]> {
    const items: KeyedItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk, sk, queuedAt, resourceNames, discoveredIds',
          ConsistentRead: true,
          ExclusiveStartKey,
          ...(limit !== undefined && { Limit: limit }),
        }),
      );
      items.push(...((page.Items ?? []) as KeyedItem[]));
      ExclusiveStartKey = limit === undefined ? page.LastEvaluatedKey : undefined;
    } while (ExclusiveStartKey);
    return items;
  }

  private async deleteAll(keys: readonly ItemKey[]): Promise<number> {
    for (let start = 0; start < keys.length; start += BATCH_LIMIT) {
      const requests = keys
        .slice(start, start + BATCH_LIMIT)
        .map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
      await writeBatch(this.doc, this.tableName, requests, {
        attempts: MAX_BATCH_ATTEMPTS,
        backoffMs: (failed) => Math.min(1000, 50 * 2 ** failed),
        clock: this.clock,
        // Throttled throughout: give the run up; the next one resumes.
        exhausted: () =>
          new ServiceUnavailableError({ cause: new Error('BatchWriteItem kept items unprocessed') }),
      });
    }
    return keys.length;
  }
}
