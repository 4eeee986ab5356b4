/**
 * What the staleness sweeper needs from storage: the leases that have come due, shard by shard, where each
 * shard's sweep stands, and a task's state with the sweeper's own marker on it. The DynamoDB implementation
 * is DynamoDbStalenessStore; see docs/decisions/006-staleness.md for the design.
 */
import type { CurrentUpdate, StaleMarker } from '../model/staleness';
import type { TaskKey } from '../model/task';
import type { Page } from './task-store';

/**
 * How many partitions staleness leases are spread over, unless `-c leaseShards` (MGH_LEASE_SHARDS) says
 * otherwise: each takes about 1,000 lease writes a second (a DynamoDB partition's write limit). The sweep reads
 * every shard any count has used (shardCount), so lowering the setting strands no lease.
 */
export const DEFAULT_LEASE_SHARDS = 4;
export const MAX_LEASE_SHARDS = 100;

/** A task as the sweeper sees it. */
export interface SweepTask {
  /** Absent until the task's first notification. */
  readonly current?: CurrentUpdate;
  readonly marker?: StaleMarker;
  /** Its stream is being deleted: no more events for it. */
  readonly deleting: boolean;
}

/** A reminder to visit a task, and its place in its shard. */
export interface Lease {
  readonly key: TaskKey;
  readonly position: string;
}

export interface StalenessStore {
  /**
   * How many shards a sweep reads: the most any sweep of this table was configured with, this one's included,
   * so that lowering the setting strands no lease in the shards it drops. Raises the record to this store's
   * own count.
   */
  shardCount(): Promise<number>;
  /** Where the sweep of a shard stands; undefined before its first lease was finished. */
  cursor(shard: number): Promise<string | undefined>;
  /** Leases of a shard after a position, due at or before `upToSeconds`, in due order. */
  dueLeases(
    shard: number,
    after: string | undefined,
    upToSeconds: number,
    limit: number,
  ): Promise<Page<Lease>>;
  /** Moves a shard's cursor forward to `position`; never back (another sweep may be further along). */
  advanceCursor(shard: number, position: string): Promise<void>;
  /** The task's state, strongly consistent; undefined when there is no such task. */
  sweepTask(key: TaskKey): Promise<SweepTask | undefined>;
  /** Marks the task stale if `marker`'s update is still its current one; false when the task has moved on. */
  markStale(key: TaskKey, marker: StaleMarker): Promise<boolean>;
  /** Removes the marker if it is still `marker` (a concurrent sweep may have replaced or removed it). */
  clearStale(key: TaskKey, marker: StaleMarker): Promise<void>;
}
