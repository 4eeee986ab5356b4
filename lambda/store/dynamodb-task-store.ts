/**
 * The TaskStore on DynamoDB: the only module that knows the table, its keys and its expressions.
 *
 * Write path of a notification (see README "Guarantees"):
 * 1. One conditional UpdateItem on the task item that checks existence, the stream not being deleted and
 *    ordering at once: it applies only when the stored update is older, or equally old and not ahead of this
 *    one by `tieBreakKey` (a retry of the same update passes again, so it can finish step 2).
 * 2. Put the history item under an idempotent key and, in the same BatchWriteItem, the task's staleness lease
 *    (when the update can go stale, or the task was reported stale and has now reported again). If either
 *    fails, the caller gets a retryable error and the retry completes it: nothing answered with 200 is missing
 *    from the history, and no applied update lacks its lease. A notification costs three write units in two
 *    round trips. A lease is due no earlier than the lead after its write starts, and its write is cut off
 *    after LONGEST_REQUEST_SECONDS (a retryable error; the retry writes a lease of its own): so no lease
 *    lands behind the sweep, which reads up to the present (docs/decisions/012-lease-lead.md).
 * No transactions: both local engines and DynamoDB agree on everything used here.
 */

import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Clock, nowSeconds, systemClock } from '../clock';
import { ServiceUnavailableError, ThrottlingError } from '../errors';
import { tieBreakKey, updateDigest } from '../model/ordering';
import type { DiscoveredResource, SourceResource } from '../model/resources';
import { leaseDueTimes } from '../model/staleness';
import type { CreatedArtifact, ResourceAttribute, StreamKey, TaskKey, TaskUpdate } from '../model/task';
import { writeBatch } from './dynamodb/batch-write';
import { beginStreamDeletion } from './dynamodb/begin-deletion';
import { storageError, THROTTLE_RETRY_AFTER_SECONDS } from './dynamodb/errors';
import {
  historyItem,
  type Item,
  leaseItem,
  type StreamItem,
  type TaskItem,
  taskStateOf,
} from './dynamodb/items';
import { DynamoDbListings } from './dynamodb/listings';
import { DynamoDbResources } from './dynamodb/resources';
import { DynamoDbSearchIndex } from './dynamodb/search-index';
import { TableAccess } from './dynamodb/table-access';
import { LEASE_LEAD_SECONDS, LONGEST_REQUEST_SECONDS } from './dynamodb-client';
import { DEFAULT_LEASE_SHARDS } from './staleness-store';
import { artifactSortKey, artifactsPartition, streamItemKey, taskItemKey } from './table';
import type {
  AssociateDiscoveredOutcome,
  CreateStreamOutcome,
  Cursor,
  DeleteStreamOutcome,
  DisassociateOutcome,
  DisassociateResourceOutcome,
  ImportTaskOutcome,
  ListTasksOptions,
  NotifyOutcome,
  Page,
  TaskState,
  TaskStore,
  TaskWriteOutcome,
} from './task-store';

/** The task exists and its stream is not being deleted: each branch of the notification's condition starts so. */
const LIVE_TASK = 'attribute_exists(pk) AND attribute_not_exists(deleting)';

/**
 * The conditional write of a notification: it applies only to a task that exists, whose stream is not being
 * deleted, and whose stored update is older (or equally old and not ahead by tieBreakKey). Values: `:task`,
 * `:t` (UpdateDateTime), `:n` (NextUpdateSeconds), `:k` (tie-break key), `:now` (receipt time).
 *
 * The condition is a flat OR of three branches (AND binds tighter than OR), one per way an update is the
 * newest: the task's first, a later one, or an equally late one not behind on the tie-break. DynamoDB reads it
 * exactly as the nested form `live AND (first OR later OR (same AND tieBreak <= :k))`, but dynalite's parser
 * backtracks through every parenthesised group: it took 0.62 ms to parse the nested form on every
 * notification and takes 0.12 ms for this one (see docs/decisions/007-bundle-and-performance.md).
 */
export const NOTIFY_WRITE = {
  UpdateExpression:
    'SET taskState = :task, updateDateTime = :t, nextUpdateSeconds = :n, tieBreak = :k, receivedAt = :now',
  ConditionExpression: [
    `${LIVE_TASK} AND attribute_not_exists(updateDateTime)`,
    `${LIVE_TASK} AND updateDateTime < :t`,
    `${LIVE_TASK} AND updateDateTime = :t AND tieBreak <= :k`,
  ].join(' OR '),
} as const;

export interface DynamoDbTaskStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * How long after its write starts a staleness lease can be due, at least. Shorter than the default, a lease
   * whose write is slow can land behind the sweep and its task is not published stale: for demos and tests.
   * @default LEASE_LEAD_SECONDS
   */
  readonly leaseLeadSeconds?: number;
  /** How long a notification's lease write may take before it is cut off. @default LONGEST_REQUEST_SECONDS */
  readonly leaseWriteLimitMs?: number;
  /**
   * Days a task's history entries are kept after they were received, then deleted by DynamoDB TTL (within days
   * of expiring, as TTL does). A task's current state is never deleted. @default kept as long as the task
   */
  readonly historyRetentionDays?: number;
  /** The staleness lease shards new leases are spread over. @default DEFAULT_LEASE_SHARDS */
  readonly leaseShards?: number;
}

/** Attempts at a batch whose items DynamoDB leaves unprocessed (throttling), within one request. */
const BATCH_ATTEMPTS = 3;

export class DynamoDbTaskStore implements TaskStore {
  private readonly table: TableAccess;
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly listings: DynamoDbListings;
  private readonly leaseLeadSeconds: number;
  private readonly leaseWriteLimitMs: number;
  private readonly historyRetentionSeconds: number | undefined;
  private readonly resources: DynamoDbResources;
  private readonly leaseShards: number;

  constructor({
    client,
    tableName,
    clock = systemClock,
    leaseLeadSeconds = LEASE_LEAD_SECONDS,
    leaseWriteLimitMs = LONGEST_REQUEST_SECONDS * 1000,
    historyRetentionDays,
    leaseShards = DEFAULT_LEASE_SHARDS,
  }: DynamoDbTaskStoreOptions) {
    this.leaseShards = leaseShards;
    this.historyRetentionSeconds = historyRetentionDays && historyRetentionDays * 86_400;
    this.leaseLeadSeconds = leaseLeadSeconds;
    this.leaseWriteLimitMs = leaseWriteLimitMs;
    this.table = new TableAccess(client, tableName);
    this.doc = this.table.doc;
    this.tableName = tableName;
    this.clock = clock;
    const search = new DynamoDbSearchIndex(this.table, clock);
    this.listings = new DynamoDbListings(this.table, search);
    this.resources = new DynamoDbResources(this.table, this.listings, search, clock);
  }

  listStreams(accountId: string, limit: number, after?: Cursor): Promise<Page<string>> {
    return this.listings.listStreams(accountId, limit, after);
  }

  listTasks(accountId: string, limit: number, options: ListTasksOptions): Promise<Page<TaskState>> {
    return this.listings.listTasks(accountId, limit, options);
  }

  listUpdates(key: TaskKey, limit: number, after?: Cursor): Promise<Page<TaskUpdate> | undefined> {
    return this.listings.listUpdates(key, limit, after);
  }

  listArtifacts(key: TaskKey, limit: number, after?: Cursor): Promise<Page<CreatedArtifact> | undefined> {
    return this.listings.listArtifacts(key, limit, after);
  }

  /** Epoch seconds, the unit of every time the store keeps. */
  private nowSeconds(): number {
    return nowSeconds(this.clock);
  }

  async createStream({ accountId, stream }: StreamKey, createdBy: string): Promise<CreateStreamOutcome> {
    const item: StreamItem = { stream, state: 'ACTIVE', createdBy, createdAt: this.nowSeconds() };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...streamItemKey(accountId, stream), ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    }
    const existing = await this.table.getStream({ accountId, stream });
    return existing?.state === 'DELETING' ? 'stream-deleting' : 'exists';
  }

  async importTask({ accountId, stream, task }: TaskKey): Promise<ImportTaskOutcome> {
    const streamItem = await this.table.getStream({ accountId, stream });
    if (!streamItem) return 'stream-not-found';
    if (streamItem.state === 'DELETING') return 'stream-deleting';
    const item: TaskItem = { stream, task, importedAt: this.nowSeconds() };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...taskItemKey(accountId, stream, task), ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    }
    // Importing an existing task succeeds and leaves its state alone.
    const existing = await this.table.getTask({ accountId, stream, task });
    return existing?.deleting ? 'stream-deleting' : 'exists';
  }

  async notify(key: TaskKey, update: TaskUpdate): Promise<NotifyOutcome> {
    const digest = updateDigest(update);
    const { outcome, previous } = await this.applyIfNewest(key, update, tieBreakKey(update, digest));
    if (outcome !== 'applied' && outcome !== 'superseded') return outcome;
    // Older news is history too. The key is idempotent: a retry rewrites the same item.
    const leases =
      outcome === 'applied'
        ? leaseDueTimes(update, {
            wasPublishedStale: previous?.staleEvent !== undefined,
            writeStartSeconds: this.nowSeconds(),
            leadSeconds: this.leaseLeadSeconds,
          })
        : [];
    const expiresAt =
      this.historyRetentionSeconds && Math.ceil(this.nowSeconds()) + this.historyRetentionSeconds;
    const items = [
      historyItem(key, update, digest, expiresAt),
      ...leases.map((due) => leaseItem(key, due, this.leaseShards)),
    ];
    if (leases.length === 0) await this.putAll(items);
    else await this.putWithin(items, this.leaseWriteLimitMs);
    return outcome;
  }

  /** putAll, cut off after `timeoutMs` (a retryable ServiceUnavailableException) so that it lands within it. */
  private async putWithin(items: readonly Item[], timeoutMs: number): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      await this.putAll(items, signal);
    } catch (error) {
      if (signal.aborted) throw new ServiceUnavailableError({ cause: error });
      throw error;
    }
  }

  /**
   * Writes unconditional puts in one round trip: a PutItem for one, a BatchWriteItem for more (up to 25).
   * Items the batch leaves unprocessed (throttling) are sent again, briefly; then the caller is throttled.
   */
  private async putAll(items: readonly Item[], abortSignal?: AbortSignal): Promise<void> {
    const [only] = items;
    if (items.length === 1 && only) return this.table.put(only, abortSignal);
    await writeBatch(
      this.doc,
      this.tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
      {
        attempts: BATCH_ATTEMPTS,
        backoffMs: (failed) => 25 * 2 ** (failed + 1),
        clock: this.clock,
        exhausted: () => new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS),
        ...(abortSignal && { abortSignal }),
      },
    );
  }

  async describeTask(key: TaskKey): Promise<TaskState | undefined> {
    const item = await this.table.getTask(key);
    return item && taskStateOf(item);
  }

  putResourceAttributes(key: TaskKey, attributes: readonly ResourceAttribute[]): Promise<TaskWriteOutcome> {
    return this.resources.putAttributes(key, attributes);
  }

  async associateArtifact(key: TaskKey, { Name, Description }: CreatedArtifact): Promise<TaskWriteOutcome> {
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    await this.table.put({
      pk: artifactsPartition(key.accountId, key.stream, key.task),
      sk: artifactSortKey(Name),
      name: Name,
      ...(Description !== undefined && { description: Description }),
    });
    return 'applied';
  }

  async disassociateArtifact(key: TaskKey, name: string): Promise<DisassociateOutcome> {
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: artifactsPartition(key.accountId, key.stream, key.task), sk: artifactSortKey(name) },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'artifact-not-found';
      throw storageError(error);
    }
  }

  associateDiscoveredResource(
    key: TaskKey,
    resource: DiscoveredResource,
  ): Promise<AssociateDiscoveredOutcome> {
    return this.resources.associateDiscovered(key, resource);
  }

  disassociateDiscoveredResource(
    key: TaskKey,
    configurationId: string,
  ): Promise<DisassociateResourceOutcome> {
    return this.resources.disassociateDiscovered(key, configurationId);
  }

  listDiscoveredResources(
    key: TaskKey,
    limit: number,
    after?: Cursor,
  ): Promise<Page<DiscoveredResource> | undefined> {
    return this.resources.listDiscovered(key, limit, after);
  }

  associateSourceResource(key: TaskKey, resource: SourceResource): Promise<TaskWriteOutcome> {
    return this.resources.associateSource(key, resource);
  }

  disassociateSourceResource(key: TaskKey, name: string): Promise<DisassociateResourceOutcome> {
    return this.resources.disassociateSource(key, name);
  }

  listSourceResources(
    key: TaskKey,
    limit: number,
    after?: Cursor,
  ): Promise<Page<SourceResource> | undefined> {
    return this.resources.listSources(key, limit, after);
  }

  beginStreamDeletion(key: StreamKey): Promise<DeleteStreamOutcome> {
    return beginStreamDeletion(this.table, key, this.nowSeconds());
  }

  /**
   * The conditional write of step 1; when it applies, with the item as it was before. On a failed condition,
   * the stored item (returned with the failure where the engine supports it, read once otherwise) tells the
   * cases apart.
   */
  private async applyIfNewest(
    key: TaskKey,
    update: TaskUpdate,
    tieBreak: string,
  ): Promise<{ outcome: NotifyOutcome; previous?: TaskItem }> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskItemKey(key.accountId, key.stream, key.task),
          ...NOTIFY_WRITE,
          ExpressionAttributeValues: {
            ':task': update.task,
            ':t': update.updateDateTime,
            ':n': update.nextUpdateSeconds,
            ':k': tieBreak,
            ':now': this.nowSeconds(),
          },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'applied', ...(Attributes && { previous: Attributes as TaskItem }) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      const stored = error.Item ? (unmarshall(error.Item) as TaskItem) : await this.table.getTask(key);
      if (!stored) return { outcome: 'task-not-found' };
      if (stored.deleting) return { outcome: 'stream-deleting' };
      // The only other way the condition fails: what is stored is newer. Updates never move a task back in
      // time, so there is nothing to retry.
      return { outcome: 'superseded' };
    }
  }
}
