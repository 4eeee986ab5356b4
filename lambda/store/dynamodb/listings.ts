/**
 * The task store's listings. Each reads its own cursor (lambda/store/table.ts) before anything else and refuses
 * one it could not have issued; each page reads one item ahead to know whether a next page exists.
 */
import type { CreatedArtifact, TaskKey, TaskUpdate } from '../../model/task';
import {
  artifactsPartition,
  cursors,
  historyPartition,
  STREAM_SORT_KEY_PREFIX,
  streamTasksPartition,
} from '../table';
import { InvalidCursorError, type ListTasksOptions, type Page, type TaskState } from '../task-store';
import { type HistoryItem, type StreamItem, type TaskItem, taskStateOf, updateOf } from './items';
import type { ItemPage } from './paged-query';
import type { DynamoDbSearchIndex } from './search-index';
import type { TableAccess } from './table-access';

export class DynamoDbListings {
  constructor(
    private readonly table: TableAccess,
    private readonly search: DynamoDbSearchIndex,
  ) {}

  async listStreams(accountId: string, limit: number, after?: string): Promise<Page<string>> {
    const afterStream = after === undefined ? undefined : decoded(cursors.streams.decode(after));
    const page = await this.streamPage(accountId, limit, afterStream);
    const next = page.next === undefined ? undefined : cursors.streams.encode(page.next);
    return { items: page.items, ...(next !== undefined && { next }) };
  }

  /** The account's active streams after a stream name; `next` is a stream name too. */
  private async streamPage(accountId: string, limit: number, after?: string): Promise<Page<string>> {
    const page = await this.table.queryPage({
      pk: accountId,
      prefix: STREAM_SORT_KEY_PREFIX,
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
    { after: cursor, resourceName, streamFilter }: ListTasksOptions,
  ): Promise<Page<TaskState>> {
    if (resourceName !== undefined) {
      // From the search index: what it costs follows the matches, not the account (search-index.ts).
      const from = cursor === undefined ? undefined : decoded(cursors.search.decode(cursor));
      const page = await this.search.search(accountId, resourceName, limit, from, streamFilter);
      return {
        items: page.items.map(taskStateOf),
        ...(page.next !== undefined && { next: cursors.search.encode(page.next) }),
      };
    }
    const after = cursor === undefined ? undefined : decoded(cursors.tasks.decode(cursor));
    // Collect one task more than a page: if it exists, there is a next page.
    const found: TaskState[] = [];
    /** Collects a stream's tasks; returns where to resume when the page is full. */
    const collect = async (stream: string, afterTask?: string): Promise<string | undefined> => {
      if (!streamFilter(stream)) return undefined;
      const page = await this.table.queryPage({
        pk: streamTasksPartition(accountId, stream),
        limit: limit + 1 - found.length,
        ...(afterTask !== undefined && { after: afterTask }),
      });
      found.push(...page.items.map((item) => taskStateOf(item as unknown as TaskItem)));
      return found.length <= limit && page.next !== undefined
        ? cursors.tasks.encode(stream, page.next)
        : undefined;
    };

    // The stream the last page stopped in first (unless it is being deleted now), then every later stream.
    if (after && (await this.table.getStream({ accountId, stream: after.stream }))?.state === 'ACTIVE') {
      const cut = await collect(after.stream, after.task);
      if (cut) return { items: found, next: cut };
    }
    let streamsAfter = after?.stream;
    while (found.length <= limit) {
      const streams = await this.streamPage(accountId, 100, streamsAfter);
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
    return {
      items,
      ...(found.length > limit && last && { next: cursors.tasks.encode(last.stream, last.task) }),
    };
  }

  async listUpdates(key: TaskKey, limit: number, after?: string): Promise<Page<TaskUpdate> | undefined> {
    const page = await this.taskPartitionPage(
      key,
      historyPartition(key.accountId, key.stream, key.task),
      limit,
      after === undefined ? undefined : decoded(cursors.history.decode(after)),
    );
    if (!page) return undefined;
    const items = page.items.map((item) => updateOf(item as unknown as HistoryItem));
    return { items, ...(page.next !== undefined && { next: cursors.history.encode(page.next) }) };
  }

  /**
   * A page of one of a task's own partitions (history, artifacts, resources); undefined when there is no such task. Items
   * exist only for a task that exists, so the task is read only when the page comes back empty.
   */
  async taskPartitionPage(
    key: TaskKey,
    pk: string,
    limit: number,
    after: string | undefined,
  ): Promise<ItemPage | undefined> {
    const page = await this.table.queryPage({ pk, limit, ...(after !== undefined && { after }) });
    if (page.items.length === 0 && !(await this.table.getTask(key))) return undefined;
    return page;
  }

  async listArtifacts(
    key: TaskKey,
    limit: number,
    after?: string,
  ): Promise<Page<CreatedArtifact> | undefined> {
    const page = await this.taskPartitionPage(
      key,
      artifactsPartition(key.accountId, key.stream, key.task),
      limit,
      after === undefined ? undefined : decoded(cursors.artifacts.decode(after)),
    );
    if (!page) return undefined;
    const items = page.items.map((item) => ({
      Name: item.name as string,
      ...(typeof item.description === 'string' && { Description: item.description }),
    }));
    return { items, ...(page.next !== undefined && { next: cursors.artifacts.encode(page.next) }) };
  }
}

/** A cursor the listing decoded, or the refusal of one it could not have issued. */
export function decoded<T>(position: T | undefined): T {
  if (position === undefined) throw new InvalidCursorError();
  return position;
}
