/**
 * The StalenessStore on DynamoDB. Leases live in shard partitions sorted by due time; each shard's
 * cursor is one small item. Lease reads are strongly consistent: a sweep reads up to the present, and a lease
 * that landed just before its due time must be seen. A cursor read may lag (an older cursor only revisits
 * leases, which is harmless); task reads are strongly consistent, and every write to a task is conditional on
 * what the sweeper saw.
 */

import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StaleMarker } from '../model/staleness';
import type { TaskKey } from '../model/task';
import { guarded, storageError } from './dynamodb/errors';
import type { LeaseItem, TaskItem } from './dynamodb/items';
import type { Lease, StalenessStore, SweepTask } from './staleness-store';
import { DEFAULT_LEASE_SHARDS } from './staleness-store';
import { leaseKeyBound, leasePartition, SWEPT_SHARDS_KEY, sweepCursorKey, taskItemKey } from './table';
import type { Page } from './task-store';

export class DynamoDbStalenessStore implements StalenessStore {
  private readonly doc: DynamoDBDocumentClient;

  /** `shards`: the lease shards this deployment writes (DEFAULT_LEASE_SHARDS unless configured). */
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly shards = DEFAULT_LEASE_SHARDS,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** Read (and raised) once per process: only a new deployment changes the setting, with new processes. */
  private counted: Promise<number> | undefined;

  shardCount(): Promise<number> {
    this.counted ??= this.countShards().catch((error: unknown) => {
      this.counted = undefined;
      throw error;
    });
    return this.counted;
  }

  private async countShards(): Promise<number> {
    const { Item } = await guarded(
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: SWEPT_SHARDS_KEY })),
    );
    const recorded = typeof Item?.count === 'number' ? Item.count : 0;
    if (this.shards <= recorded) return recorded;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SWEPT_SHARDS_KEY,
          UpdateExpression: 'SET #count = :count',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :count',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':count': this.shards },
        }),
      );
    } catch (error) {
      // Another sweep recorded as many or more: it is read again next time.
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    }
    return this.shards;
  }

  async cursor(shard: number): Promise<string | undefined> {
    const { Item } = await guarded(
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: sweepCursorKey(shard) })),
    );
    return typeof Item?.position === 'string' ? Item.position : undefined;
  }

  async dueLeases(
    shard: number,
    after: string | undefined,
    upToSeconds: number,
    limit: number,
  ): Promise<Page<Lease>> {
    const pk = leasePartition(shard);
    const page = await guarded(
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
          ExpressionAttributeValues: { ':pk': pk, ':upTo': leaseKeyBound(upToSeconds) },
          ...(after !== undefined && { ExclusiveStartKey: { pk, sk: after } }),
          Limit: limit,
          ConsistentRead: true,
        }),
      ),
    );
    const items = (page.Items ?? []) as LeaseItem[];
    const next = page.LastEvaluatedKey?.sk;
    return {
      items: items.map(({ sk, accountId, stream, task }) => ({
        key: { accountId, stream, task },
        position: sk,
      })),
      ...(typeof next === 'string' && { next }),
    };
  }

  async advanceCursor(shard: number, position: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sweepCursorKey(shard),
          UpdateExpression: 'SET #position = :position',
          ConditionExpression: 'attribute_not_exists(#position) OR #position < :position',
          ExpressionAttributeNames: { '#position': 'position' },
          ExpressionAttributeValues: { ':position': position },
        }),
      );
    } catch (error) {
      // Another sweep is already further along.
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    }
  }

  async sweepTask({ accountId, stream, task }: TaskKey): Promise<SweepTask | undefined> {
    const { Item } = await guarded(
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: taskItemKey(accountId, stream, task),
          ConsistentRead: true,
        }),
      ),
    );
    if (!Item) return undefined;
    const item = Item as TaskItem;
    const { taskState, updateDateTime, nextUpdateSeconds, tieBreak, staleEvent } = item;
    const reported =
      taskState !== undefined &&
      updateDateTime !== undefined &&
      nextUpdateSeconds !== undefined &&
      tieBreak !== undefined;
    return {
      ...(reported && {
        current: { update: { task: taskState, updateDateTime, nextUpdateSeconds }, tieBreak },
      }),
      ...(staleEvent && { marker: staleEvent }),
      deleting: item.deleting === true,
    };
  }

  async markStale({ accountId, stream, task }: TaskKey, marker: StaleMarker): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskItemKey(accountId, stream, task),
          UpdateExpression: 'SET staleEvent = :marker',
          ConditionExpression: 'updateDateTime = :t AND tieBreak = :k AND attribute_not_exists(deleting)',
          ExpressionAttributeValues: {
            ':marker': { ...marker },
            ':t': marker.updateDateTime,
            ':k': marker.tieBreak,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw storageError(error);
    }
  }

  async clearStale({ accountId, stream, task }: TaskKey, marker: StaleMarker): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskItemKey(accountId, stream, task),
          UpdateExpression: 'REMOVE staleEvent',
          ConditionExpression: 'staleEvent.updateDateTime = :t AND staleEvent.tieBreak = :k',
          ExpressionAttributeValues: { ':t': marker.updateDateTime, ':k': marker.tieBreak },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    }
  }
}
