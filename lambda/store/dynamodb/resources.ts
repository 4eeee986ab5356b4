/**
 * A task's discovered and source resources, on DynamoDB.
 *
 * A discovered resource is kept in two places: an item in the task's DISCOVERED partition (what
 * ListDiscoveredResources lists, with its description), and its digest in the task item's string set
 * `discoveredIds` (what ListMigrationTasks' ResourceName matches, beside `resourceNames`). No transaction joins
 * the two writes (neither local engine has DynamoDB's), so they are ordered to keep one invariant, every
 * listed resource is matched, and so that a crash between them leaves nothing the client's retry of the same
 * call cannot complete:
 * - Associate: first ADD the digest to the set, under a condition that the task exists, its stream is not
 *   being deleted and it has room (so the cap is checked before the item is written), then put the item. A
 *   crash between leaves the id matched but not listed; the retry passes the condition again (its digest is
 *   in the set already, so the cap does not count it twice) and puts the item.
 * - Disassociate: first delete the item, then DELETE the digest from the set. A crash between leaves the id
 *   matched but not listed; the retry finds it matched and removes it. The answer is
 *   ResourceNotFoundException only when the id was neither listed nor matched, so a retry after either step
 *   succeeds.
 * Two calls racing on the same id (an associate and a disassociate) can leave it listed but not matched;
 * associating or disassociating it again sets it right.
 *
 * The set holds SHA-256 digests rather than the ids: an id may be 1,600 characters (6,400 bytes of UTF-8), and
 * 100 of them beside the task's own attributes would pass DynamoDB's 400 KB item limit; a digest is 64 bytes.
 *
 * Source resources live in their task's SOURCES partition only (nothing matches them), one put or one delete
 * each, as created artifacts do.
 *
 * What ResourceName matches (attribute values, discovered ids) also has its entries in the search index
 * (search-index.ts): put before the task write that makes a value match, deleted after the one that stops it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Clock, nowSeconds } from '../../clock';
import {
  type DiscoveredResource,
  MAX_DISCOVERED_RESOURCES_PER_TASK,
  matchableValues,
  type SourceResource,
} from '../../model/resources';
import type { ResourceAttribute, TaskKey } from '../../model/task';
import {
  cursors,
  discoveredResourceKey,
  discoveredResourcesPartition,
  searchValueDigest,
  sourceResourceSortKey,
  sourceResourcesPartition,
  taskItemKey,
} from '../table';
import type {
  AssociateDiscoveredOutcome,
  Cursor,
  DisassociateResourceOutcome,
  Page,
  TaskWriteOutcome,
} from '../task-store';
import { guarded, storageError } from './errors';
import type { TaskItem } from './items';
import { type DynamoDbListings, decoded } from './listings';
import type { DynamoDbSearchIndex } from './search-index';
import type { TableAccess } from './table-access';

export class DynamoDbResources {
  constructor(
    private readonly table: TableAccess,
    private readonly listings: DynamoDbListings,
    private readonly search: DynamoDbSearchIndex,
    private readonly clock: Clock,
  ) {}

  /**
   * Replaces the task's resource attributes. The values matched replace the old ones in the same write, so an old
   * value stops matching at once; the new values' entries are put first, the old ones' deleted after. The task is
   * read first so that a call refused writes nothing (its entries would come before the refusal); the
   * conditional write still decides a race, which may leave entries for a search to clean.
   */
  async putAttributes(key: TaskKey, attributes: readonly ResourceAttribute[]): Promise<TaskWriteOutcome> {
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    const names = matchableValues(attributes);
    const started = nowSeconds(this.clock);
    const written = await this.search.add(key, 'A', names.map(searchValueDigest));
    let replaced: Set<string> | undefined;
    try {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: taskItemKey(key.accountId, key.stream, key.task),
          UpdateExpression:
            names.length > 0
              ? 'SET resourceAttributes = :attributes, resourceNames = :names'
              : 'SET resourceAttributes = :attributes REMOVE resourceNames',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting)',
          ExpressionAttributeValues: {
            ':attributes': attributes.map(({ Type, Value }) => ({ Type, Value })),
            ...(names.length > 0 && { ':names': new Set(names) }),
          },
          ReturnValues: 'UPDATED_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      replaced = (Attributes as Partial<TaskItem> | undefined)?.resourceNames;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      const stored = error.Item ? (unmarshall(error.Item) as TaskItem) : await this.table.getTask(key);
      if (!stored) return 'task-not-found';
      await this.search.withdraw(written);
      return 'stream-deleting';
    }
    const kept = new Set(names);
    const gone = [...(replaced ?? [])].filter((value) => !kept.has(value));
    // Applied whatever happens next: an entry not deleted here is cleaned by a search.
    await this.search.remove(key, 'A', gone.map(searchValueDigest), started).catch(() => undefined);
    return 'applied';
  }

  async associateDiscovered(
    key: TaskKey,
    { ConfigurationId, Description }: DiscoveredResource,
  ): Promise<AssociateDiscoveredOutcome> {
    const digest = discoveredResourceKey(ConfigurationId);
    // Read first, as putAttributes does, so that a call refused writes no search index entry.
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    const ids = task.discoveredIds;
    if (!ids?.has(digest) && (ids?.size ?? 0) >= MAX_DISCOVERED_RESOURCES_PER_TASK) return 'too-many';
    const written = await this.search.add(key, 'D', [digest]);
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: taskItemKey(key.accountId, key.stream, key.task),
          UpdateExpression: 'ADD discoveredIds :ids',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(deleting) AND ' +
            '(attribute_not_exists(discoveredIds) OR contains(discoveredIds, :id) OR size(discoveredIds) < :cap)',
          ExpressionAttributeValues: {
            ':ids': new Set([digest]),
            ':id': digest,
            ':cap': MAX_DISCOVERED_RESOURCES_PER_TASK,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      const stored = error.Item ? (unmarshall(error.Item) as TaskItem) : await this.table.getTask(key);
      if (!stored) return 'task-not-found';
      if (!stored.deleting) return 'too-many';
      await this.search.withdraw(written);
      return 'stream-deleting';
    }
    await this.table.put({
      pk: discoveredResourcesPartition(key.accountId, key.stream, key.task),
      sk: digest,
      configurationId: ConfigurationId,
      ...(Description !== undefined && { description: Description }),
    });
    return 'applied';
  }

  async disassociateDiscovered(key: TaskKey, configurationId: string): Promise<DisassociateResourceOutcome> {
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    const digest = discoveredResourceKey(configurationId);
    const started = nowSeconds(this.clock);
    const { Attributes: listed } = await guarded(
      this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: { pk: discoveredResourcesPartition(key.accountId, key.stream, key.task), sk: digest },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    let matched = true;
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: taskItemKey(key.accountId, key.stream, key.task),
          UpdateExpression: 'DELETE discoveredIds :ids',
          // Never creates a task item: the condition fails on one that is gone.
          ConditionExpression: 'contains(discoveredIds, :id)',
          ExpressionAttributeValues: { ':ids': new Set([digest]), ':id': digest },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      matched = false;
    }
    if (matched) await this.search.remove(key, 'D', [digest], started).catch(() => undefined);
    return listed !== undefined || matched ? 'applied' : 'not-associated';
  }

  async listDiscovered(
    key: TaskKey,
    limit: number,
    after?: Cursor,
  ): Promise<Page<DiscoveredResource> | undefined> {
    const page = await this.listings.taskPartitionPage(
      key,
      discoveredResourcesPartition(key.accountId, key.stream, key.task),
      limit,
      after === undefined ? undefined : decoded(cursors.discoveredResources.decode(after)),
    );
    if (!page) return undefined;
    const items = page.items.map((item) => ({
      ConfigurationId: item.configurationId as string,
      ...(typeof item.description === 'string' && { Description: item.description }),
    }));
    return { items, ...(page.next !== undefined && { next: cursors.discoveredResources.encode(page.next) }) };
  }

  async associateSource(
    key: TaskKey,
    { Name, Description, StatusDetail }: SourceResource,
  ): Promise<TaskWriteOutcome> {
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    await this.table.put({
      pk: sourceResourcesPartition(key.accountId, key.stream, key.task),
      sk: sourceResourceSortKey(Name),
      name: Name,
      ...(Description !== undefined && { description: Description }),
      ...(StatusDetail !== undefined && { statusDetail: StatusDetail }),
    });
    return 'applied';
  }

  async disassociateSource(key: TaskKey, name: string): Promise<DisassociateResourceOutcome> {
    const task = await this.table.getTask(key);
    if (!task) return 'task-not-found';
    if (task.deleting) return 'stream-deleting';
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: {
            pk: sourceResourcesPartition(key.accountId, key.stream, key.task),
            sk: sourceResourceSortKey(name),
          },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'not-associated';
      throw storageError(error);
    }
  }

  async listSources(key: TaskKey, limit: number, after?: Cursor): Promise<Page<SourceResource> | undefined> {
    const page = await this.listings.taskPartitionPage(
      key,
      sourceResourcesPartition(key.accountId, key.stream, key.task),
      limit,
      after === undefined ? undefined : decoded(cursors.sourceResources.decode(after)),
    );
    if (!page) return undefined;
    const items = page.items.map((item) => ({
      Name: item.name as string,
      ...(typeof item.description === 'string' && { Description: item.description }),
      ...(typeof item.statusDetail === 'string' && { StatusDetail: item.statusDetail }),
    }));
    return { items, ...(page.next !== undefined && { next: cursors.sourceResources.encode(page.next) }) };
  }
}
