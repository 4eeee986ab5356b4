/**
 * The items as stored (key attributes aside), and how they map to and from the domain. The task store writes
 * them; the staleness store and the background deletion read them.
 */
import type { StaleMarker } from '../../model/staleness';
import type { ResourceAttribute, Task, TaskKey, TaskUpdate } from '../../model/task';
import {
  historyPartition,
  historySortKey,
  LEASE_RETENTION_SECONDS,
  leaseItemKey,
  TTL_ATTRIBUTE,
} from '../table';
import type { TaskState } from '../task-store';

export type Item = Record<string, unknown>;

/** The task item. */
export interface TaskItem {
  stream: string;
  task: string;
  /** Epoch seconds. */
  importedAt: number;
  deleting?: true;
  taskState?: Task;
  updateDateTime?: number;
  nextUpdateSeconds?: number;
  tieBreak?: string;
  /** Epoch seconds. */
  receivedAt?: number;
  resourceAttributes?: ResourceAttribute[];
  /**
   * The attribute values ResourceName matches (matchableValues), as a string set, for ListMigrationTasks'
   * filter; absent when there are none (DynamoDB stores no empty set).
   */
  resourceNames?: Set<string>;
  /** The digests of the task's discovered resources' ids, for the same filter (see dynamodb/resources.ts). */
  discoveredIds?: Set<string>;
  /** Set by the sweeper once it has published that this update went stale; cleared once it has reported again. */
  staleEvent?: StaleMarker;
}

export interface StreamItem {
  stream: string;
  state: 'ACTIVE' | 'DELETING';
  createdBy: string;
  /** Epoch seconds. */
  createdAt: number;
}

export interface HistoryItem {
  sk: string;
  taskState: Task;
  updateDateTime: number;
  nextUpdateSeconds: number;
}

/** A staleness lease: which task to visit (its position in the shard is its sort key). */
export interface LeaseItem {
  sk: string;
  accountId: string;
  stream: string;
  task: string;
}

/** A task item as the API describes it. */
export function taskStateOf(item: TaskItem): TaskState {
  const { taskState: task, updateDateTime, nextUpdateSeconds } = item;
  const latest =
    task !== undefined && updateDateTime !== undefined && nextUpdateSeconds !== undefined
      ? { task, updateDateTime, nextUpdateSeconds }
      : undefined;
  return {
    stream: item.stream,
    task: item.task,
    ...(latest && { latest }),
    resourceAttributes: item.resourceAttributes ?? [],
  };
}

/**
 * An update's history item, under its idempotent key: a retry rewrites the same item. With `expiresAt` (epoch
 * seconds), DynamoDB TTL deletes it some time after then.
 */
export function historyItem(
  { accountId, stream, task }: TaskKey,
  update: TaskUpdate,
  digest: string,
  expiresAt?: number,
): Item {
  return {
    pk: historyPartition(accountId, stream, task),
    sk: historySortKey(update.updateDateTime, digest),
    taskState: update.task,
    updateDateTime: update.updateDateTime,
    nextUpdateSeconds: update.nextUpdateSeconds,
    ...(expiresAt !== undefined && { [TTL_ATTRIBUTE]: expiresAt }),
  };
}

export function updateOf({ taskState, updateDateTime, nextUpdateSeconds }: HistoryItem): TaskUpdate {
  return { task: taskState, updateDateTime, nextUpdateSeconds };
}

/** A lease due at `dueSeconds` in one of `shards` shards, kept a day past it for DynamoDB TTL to remove. */
export function leaseItem({ accountId, stream, task }: TaskKey, dueSeconds: number, shards: number): Item {
  const { pk, sk } = leaseItemKey(accountId, stream, task, dueSeconds, shards);
  return {
    pk,
    sk,
    accountId,
    stream,
    task,
    expiresAt: Math.ceil(dueSeconds) + LEASE_RETENTION_SECONDS,
  };
}
