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
 *    round trips.
 * No transactions: both local engines and DynamoDB agree on everything used here.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { InternalServerError, ServiceError, ServiceUnavailableError, ThrottlingError } from '../errors';
import { tieBreakKey, updateDigest } from '../model/ordering';
import { deadlineOf, type StaleMarker } from '../model/staleness';
import type { CreatedArtifact, ResourceAttribute, StreamKey, Task, TaskKey, TaskUpdate } from '../model/task';
import {
  artifactsPartition,
  DELETIONS_PARTITION,
  historyPartition,
  historySortKey,
  LEASE_RETENTION_SECONDS,
  leaseItemKey,
  streamItemKey,
  streamTasksPartition,
  taskItemKey,
} from './table';
import type {
  CreateStreamOutcome,
  DeleteStreamOutcome,
  DisassociateOutcome,
  ImportTaskOutcome,
  ListTasksOptions,
  NotifyOutcome,
  Page,
  TaskPosition,
  TaskState,
  TaskStore,
  TaskWriteOutcome,
} from './task-store';

/** How long a throttled client is told to wait. DynamoDB on-demand absorbs a burst within about a second. */
const THROTTLE_RETRY_AFTER_SECONDS = 1;

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

/** Attempts at a batch whose items DynamoDB leaves unprocessed (throttling), within one request. */
const BATCH_ATTEMPTS = 3;

/** The task item as stored (key attributes omitted). */
export interface TaskItem {
  stream: string;
  task: string;
  importedAt: number;
  deleting?: true;
  taskState?: Task;
  updateDateTime?: number;
  nextUpdateSeconds?: number;
  tieBreak?: string;
  receivedAt?: number;
  resourceAttributes?: ResourceAttribute[];
  /** The attribute values, as a string set, for ListMigrationTasks' ResourceName filter. */
  resourceNames?: Set<string>;
  /** Set by the sweeper once it has published that this update went stale; cleared once it has reported again. */
  staleEvent?: StaleMarker;
}

interface HistoryItem {
  sk: string;
  taskState: Task;
  updateDateTime: number;
  nextUpdateSeconds: number;
}

type Item = Record<string, unknown>;

interface QueryPageInput {
  readonly pk: string;
  /** Items whose sort key starts with this, and the prefix stripped from positions. */
  readonly prefix?: string;
  readonly after?: string;
  readonly limit: number;
  readonly filter?: { expression: string; names?: Record<string, string>; values: Record<string, unknown> };
  /**
   * With a filter, how many more items this listing may read. When it runs out, the page ends early, with a
   * position after the last item read, so a filter that matches little cannot make one request read a whole
   * account.
   */
  readonly budget?: { remaining: number };
}

/** Items a filtered listing reads per request at most (about 1,000 read units of small items). */
const FILTERED_READ_BUDGET = 1_000;

interface StreamItem {
  stream: string;
  state: 'ACTIVE' | 'DELETING';
  createdBy: string;
  createdAt: number;
}

export interface DynamoDbTaskStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Seconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

/** Maps an error from the DynamoDB client to the API error a client should see. */
export function storageError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const sdkError = error as Parameters<typeof isTransientError>[0];
  if (isThrottlingError(sdkError)) return new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS, { cause: error });
  const status = sdkError.$metadata?.httpStatusCode;
  // The SDK attaches $metadata to every error of a request; without a status, no response ever came (a refused
  // or reset connection), however the underlying error was wrapped on its way.
  const noResponse = sdkError.$metadata !== undefined && status === undefined;
  if (isTransientError(sdkError) || noResponse || (status ?? 0) >= 500) {
    return new ServiceUnavailableError({ cause: error });
  }
  return new InternalServerError({ cause: error });
}

export function artifactSortKey(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** A task item as the API describes it. */
function taskState(item: TaskItem): TaskState {
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

export class DynamoDbTaskStore implements TaskStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => number;

  constructor({ client, tableName, now = () => Date.now() / 1000 }: DynamoDbTaskStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = tableName;
    this.now = now;
  }

  async createStream({ accountId, stream }: StreamKey, createdBy: string): Promise<CreateStreamOutcome> {
    const item: StreamItem = { stream, state: 'ACTIVE', createdBy, createdAt: this.now() };
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
    const existing = await this.getStream({ accountId, stream });
    return existing?.state === 'DELETING' ? 'stream-deleting' : 'exists';
  }

  async importTask({ accountId, stream, task }: TaskKey): Promise<ImportTaskOutcome> {
    const streamItem = await this.getStream({ accountId, stream });
    if (!streamItem) return 'stream-not-found';
    if (streamItem.state === 'DELETING') return 'stream-deleting';
    const item: TaskItem = { stream, task, importedAt: this.now() };
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
    const existing = await this.getTask({ accountId, stream, task });
    return existing?.deleting ? 'stream-deleting' : 'exists';
  }

  async notify(key: TaskKey, update: TaskUpdate): Promise<NotifyOutcome> {
    const digest = updateDigest(update);
    const { outcome, previous } = await this.applyIfNewest(key, update, tieBreakKey(update, digest));
    if (outcome !== 'applied' && outcome !== 'superseded') return outcome;
    // Older news is history too. The key is idempotent: a retry rewrites the same item.
    const history = {
      pk: historyPartition(key.accountId, key.stream, key.task),
      sk: historySortKey(update.updateDateTime, digest),
      taskState: update.task,
      updateDateTime: update.updateDateTime,
      nextUpdateSeconds: update.nextUpdateSeconds,
    };
    const leases = outcome === 'applied' ? this.leaseTimes(update, previous) : [];
    await this.putAll([history, ...leases.map((due) => this.leaseItem(key, due))]);
    return outcome;
  }

  /**
   * When the sweeper must visit a task after `update` became its state: at the update's deadline, and now if the
   * sweeper had published the task stale (it has just reported again). A time already past becomes now, so the
   * lease lands ahead of the sweep's position (see docs/decisions/006-staleness.md). None for an update that
   * cannot go stale from a task that was not stale: most notifications of a finished task write no lease.
   */
  private leaseTimes(update: TaskUpdate, previous: TaskItem | undefined): number[] {
    const now = this.now();
    const deadline = deadlineOf(update);
    const times = new Set<number>();
    if (deadline !== undefined) times.add(Math.max(deadline, now));
    if (previous?.staleEvent) times.add(now);
    return [...times];
  }

  private leaseItem({ accountId, stream, task }: TaskKey, due: number): Item {
    return {
      ...leaseItemKey(accountId, stream, task, due),
      accountId,
      stream,
      task,
      expiresAt: Math.ceil(due) + LEASE_RETENTION_SECONDS,
    };
  }

  /**
   * Writes unconditional puts in one round trip: a PutItem for one, a BatchWriteItem for more (up to 25).
   * Items the batch leaves unprocessed (throttling) are sent again, briefly; then the caller is throttled.
   */
  private async putAll(items: readonly Item[]): Promise<void> {
    const [only] = items;
    if (items.length === 1 && only) return this.put(only);
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const { UnprocessedItems } = await guarded(
        this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } })),
      );
      pending = (UnprocessedItems?.[this.tableName] ?? []).flatMap(({ PutRequest }) =>
        PutRequest?.Item ? [{ PutRequest: { Item: PutRequest.Item } }] : [],
      );
    }
  }

  async describeTask(key: TaskKey): Promise<TaskState | undefined> {
    const item = await this.getTask(key);
    return item && taskState(item);
  }

  async putResourceAttributes(
    key: TaskKey,
    attributes: readonly ResourceAttribute[],
  ): Promise<TaskWriteOutcome> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskItemKey(key.accountId, key.stream, key.task),
          UpdateExpression: 'SET resourceAttributes = :attributes, resourceNames = :names',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting)',
          ExpressionAttributeValues: {
            ':attributes': attributes.map(({ Type, Value }) => ({ Type, Value })),
            ':names': new Set(attributes.map((attribute) => attribute.Value)),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'applied';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      const stored = error.Item ? (unmarshall(error.Item) as TaskItem) : await this.getTask(key);
      return stored ? 'stream-deleting' : 'task-not-found';
    }
  }

  async listStreams(accountId: string, limit: number, after?: string): Promise<Page<string, string>> {
    const page = await this.queryPage({
      pk: accountId,
      prefix: 'STREAM|',
      limit,
      ...(after !== undefined && { after }),
      filter: {
        expression: '#state = :active',
        names: { '#state': 'state' },
        values: { ':active': 'ACTIVE' },
      },
    });
    const items = page.items.map((item) => (item as unknown as StreamItem).stream);
    return { items, ...(page.next !== undefined && { next: page.next }) };
  }

  async listTasks(
    accountId: string,
    limit: number,
    { after, resourceName, streamFilter }: ListTasksOptions,
  ): Promise<Page<TaskState, TaskPosition>> {
    // Collect one task more than a page: if it exists, there is a next page.
    const found: TaskState[] = [];
    const filter =
      resourceName === undefined
        ? undefined
        : { expression: 'contains(resourceNames, :name)', values: { ':name': resourceName } };
    const budget = { remaining: FILTERED_READ_BUDGET };
    /** Collects a stream's tasks; returns where to resume when the read budget ended the page early. */
    const collect = async (stream: string, afterTask?: string): Promise<TaskPosition | undefined> => {
      if (!streamFilter(stream)) return undefined;
      const page = await this.queryPage({
        pk: streamTasksPartition(accountId, stream),
        limit: limit + 1 - found.length,
        ...(afterTask !== undefined && { after: afterTask }),
        ...(filter && { filter, budget }),
      });
      found.push(...page.items.map((item) => taskState(item as unknown as TaskItem)));
      return found.length <= limit && page.next !== undefined ? { stream, task: page.next } : undefined;
    };

    // The stream the last page stopped in first (unless it is being deleted now), then every later stream.
    if (after && (await this.getStream({ accountId, stream: after.stream }))?.state === 'ACTIVE') {
      const cut = await collect(after.stream, after.task);
      if (cut) return { items: found, next: cut };
    }
    let streamsAfter = after?.stream;
    while (found.length <= limit) {
      const streams = await this.listStreams(accountId, 100, streamsAfter);
      for (const stream of streams.items) {
        if (found.length > limit) break;
        const cut = await collect(stream);
        if (cut) return { items: found, next: cut };
      }
      if (!streams.next) break;
      streamsAfter = streams.next;
    }
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return { items, ...(found.length > limit && last && { next: { stream: last.stream, task: last.task } }) };
  }

  async listUpdates(
    key: TaskKey,
    limit: number,
    after?: string,
  ): Promise<Page<TaskUpdate, string> | undefined> {
    const page = await this.taskPartitionPage(
      key,
      historyPartition(key.accountId, key.stream, key.task),
      limit,
      after,
    );
    if (!page) return undefined;
    const items = page.items.map((item) => {
      const { taskState, updateDateTime, nextUpdateSeconds } = item as unknown as HistoryItem;
      return { task: taskState, updateDateTime, nextUpdateSeconds };
    });
    return { items, ...(page.next !== undefined && { next: page.next }) };
  }

  /**
   * A page of one of a task's own partitions (history, artifacts); undefined when there is no such task. Items
   * exist only for a task that exists, so the task is read only when the page comes back empty.
   */
  private async taskPartitionPage(
    key: TaskKey,
    pk: string,
    limit: number,
    after: string | undefined,
  ): Promise<Page<Item, string> | undefined> {
    const page = await this.queryPage({ pk, limit, ...(after !== undefined && { after }) });
    if (page.items.length === 0 && !(await this.getTask(key))) return undefined;
    return page;
  }

  /**
   * Up to `limit` items of a partition after a position, in sort key order, reading one item ahead to know
   * whether a next page exists. With a filter, DynamoDB's Limit counts items read, so it reads on until the
   * page is full or the partition ends. Strongly consistent: a client sees its own writes.
   */
  private async queryPage({
    pk,
    prefix = '',
    after,
    limit,
    filter,
    budget,
  }: QueryPageInput): Promise<Page<Item, string>> {
    const items: Item[] = [];
    let startKey: Item | undefined = after === undefined ? undefined : { pk, sk: `${prefix}${after}` };
    const budgetLeft = () => budget === undefined || budget.remaining > 0;
    do {
      const page = await guarded(
        this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk, ...(prefix && { ':prefix': prefix }), ...filter?.values },
            ...(filter?.names && { ExpressionAttributeNames: filter.names }),
            ...(filter && { FilterExpression: filter.expression }),
            ExclusiveStartKey: startKey,
            Limit: filter ? 100 : limit + 1 - items.length,
            ConsistentRead: true,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      if (budget) budget.remaining -= page.ScannedCount ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length <= limit && budgetLeft());
    const kept = items.slice(0, limit);
    const last = kept.at(-1)?.sk;
    const lastRead = startKey?.sk;
    const next =
      items.length > limit && typeof last === 'string'
        ? last.slice(prefix.length)
        : typeof lastRead === 'string'
          ? lastRead.slice(prefix.length) // the read budget ran out: resume after the last item read
          : undefined;
    return { items: kept, ...(next !== undefined && { next }) };
  }

  async associateArtifact(key: TaskKey, { Name, Description }: CreatedArtifact): Promise<TaskWriteOutcome> {
    const task = await this.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    await this.put({
      pk: artifactsPartition(key.accountId, key.stream, key.task),
      sk: artifactSortKey(Name),
      name: Name,
      ...(Description !== undefined && { description: Description }),
    });
    return 'applied';
  }

  async disassociateArtifact(key: TaskKey, name: string): Promise<DisassociateOutcome> {
    const task = await this.getTask(key);
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

  async listArtifacts(
    key: TaskKey,
    limit: number,
    after?: string,
  ): Promise<Page<CreatedArtifact, string> | undefined> {
    const page = await this.taskPartitionPage(
      key,
      artifactsPartition(key.accountId, key.stream, key.task),
      limit,
      after,
    );
    if (!page) return undefined;
    const items = page.items.map((item) => ({
      Name: item.name as string,
      ...(typeof item.description === 'string' && { Description: item.description }),
    }));
    return { items, ...(page.next !== undefined && { next: page.next }) };
  }

  /**
   * Deleting a stream, the synchronous part: queue it for the background deletion (so a crash at any later
   * point is resumed), mark the stream (Create, Import and Associate then refuse it, lists leave it out), then
   * mark each task (Notify and PutResourceAttributes refuse it). Deleting a stream that is already being
   * deleted marks again and changes nothing else.
   */
  async beginStreamDeletion({ accountId, stream }: StreamKey): Promise<DeleteStreamOutcome> {
    if (!(await this.getStream({ accountId, stream }))) return 'stream-not-found';
    const queuedAt = this.now();
    const queued = { pk: DELETIONS_PARTITION, sk: `${accountId}|${stream}` };
    await this.put({ ...queued, queuedAt });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
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
      await this.doc
        .send(
          new DeleteCommand({
            TableName: this.tableName,
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
      const page = await this.queryPage({
        pk: streamTasksPartition(accountId, stream),
        limit: 25,
        ...(after !== undefined && { after }),
      });
      await Promise.all(page.items.map((item) => this.markTaskDeleting({ pk: item.pk, sk: item.sk })));
      after = page.next;
    } while (after !== undefined);
    return 'deleting';
  }

  private async markTaskDeleting(Key: Record<string, unknown>): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
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
            ':now': this.now(),
          },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'applied', ...(Attributes && { previous: Attributes as TaskItem }) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      const stored = error.Item ? (unmarshall(error.Item) as TaskItem) : await this.getTask(key);
      if (!stored) return { outcome: 'task-not-found' };
      if (stored.deleting) return { outcome: 'stream-deleting' };
      // The only other way the condition fails: what is stored is newer. Updates never move a task back in
      // time, so there is nothing to retry.
      return { outcome: 'superseded' };
    }
  }

  private async getStream({ accountId, stream }: StreamKey): Promise<StreamItem | undefined> {
    const { Item } = await guarded(
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: streamItemKey(accountId, stream),
          ConsistentRead: true,
        }),
      ),
    );
    return Item as StreamItem | undefined;
  }

  private async getTask({ accountId, stream, task }: TaskKey): Promise<TaskItem | undefined> {
    const { Item } = await guarded(
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: taskItemKey(accountId, stream, task),
          ConsistentRead: true,
        }),
      ),
    );
    return Item as TaskItem | undefined;
  }

  private async put(Item: Record<string, unknown>): Promise<void> {
    await guarded(this.doc.send(new PutCommand({ TableName: this.tableName, Item })));
  }
}

/** Awaits a request that has no expected failure: every error is a storage fault. */
export async function guarded<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw storageError(error);
  }
}
