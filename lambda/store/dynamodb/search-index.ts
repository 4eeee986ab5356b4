/**
 * The search index behind ListMigrationTasks' ResourceName (docs/decisions/014-resource-search-index.md): an
 * entry per task and value it matches, in a partition per value, so a search reads its value's entries and the
 * tasks they name, whatever the size of the account.
 *
 * The task item decides; the index only proposes. No transaction joins an entry to the task write it follows,
 * so the writes are ordered for one invariant, every task that matches a value has its entry:
 * - an entry is written before the task write that makes its value match (PutResourceAttributes, the digest's
 *   ADD of AssociateDiscoveredResource);
 * - an entry is deleted after the task write that stops it matching, and only when it was last written longer
 *   ago than SEARCH_SETTLE_SECONDS before that write began: a writer that put it since may be about to make it
 *   match again (two PutResourceAttributes racing), and that entry is left for the search to clean.
 * A search keeps only the candidates whose task item matches now, so an entry left behind (its task write
 * failed, or was replaced within the settle time) is never an answer; it deletes such an entry once it is older
 * than the settle time, on the condition that nobody has written it since.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, nowSeconds } from '../../clock';
import { ThrottlingError } from '../../errors';
import type { TaskKey } from '../../model/task';
import { LONGEST_REQUEST_SECONDS } from '../dynamodb-client';
import {
  type ItemKey,
  type SearchSource,
  searchPartition,
  searchResumeKey,
  searchSortKey,
  searchTaskDigest,
  searchValueDigest,
  taskItemKey,
} from '../table';
import { BATCH_GET_LIMIT, getBatch } from './batch-get';
import { BATCH_LIMIT, writeBatch } from './batch-write';
import { guarded, storageError, THROTTLE_RETRY_AFTER_SECONDS } from './errors';
import type { Item, TaskItem } from './items';
import type { TableAccess } from './table-access';

/**
 * Longer than a writer can take from putting an entry to its task write landing (two storage requests of at most
 * LONGEST_REQUEST_SECONDS each; the API Lambda stops at 15 s), with 30 s more for the clocks of two Lambdas.
 */
export const SEARCH_SETTLE_SECONDS = 2 * LONGEST_REQUEST_SECONDS + 30;

/** An index entry as stored. */
export interface SearchEntry {
  readonly pk: string;
  readonly sk: string;
  readonly stream: string;
  readonly task: string;
  /** Epoch seconds, by the writer's clock. */
  readonly writtenAt: number;
  /** Which request wrote it last: a write refused for a stream being deleted withdraws only its own entries. */
  readonly writer: string;
}

/** The entry of a task for a value (by its digest, searchValueDigest) that matches it by `source`. */
export function searchEntry(
  key: TaskKey,
  source: SearchSource,
  digest: string,
  writtenAt: number,
  writer: string,
): SearchEntry {
  return {
    pk: searchPartition(key.accountId, digest),
    sk: searchSortKey(key.stream, key.task, source),
    stream: key.stream,
    task: key.task,
    writtenAt,
    writer,
  };
}

/** The writes of one request: what it wrote, so it can withdraw them when its stream is being deleted. */
export interface IndexWrite {
  readonly writer: string;
  readonly keys: readonly ItemKey[];
}

export interface SearchPage {
  readonly items: readonly TaskItem[];
  /** The digest of the last task returned, when more entries follow. */
  readonly next?: string;
}

const BATCH_POLICY = { attempts: 3, backoffMs: (failed: number) => 25 * 2 ** (failed + 1) };

export class DynamoDbSearchIndex {
  constructor(
    private readonly table: TableAccess,
    private readonly clock: Clock,
  ) {}

  /** Puts the task's entries for these value digests (before the task write that makes them match). */
  async add(key: TaskKey, source: SearchSource, digests: readonly string[]): Promise<IndexWrite> {
    const writer = randomUUID();
    const writtenAt = nowSeconds(this.clock);
    const entries = digests.map((digest) => searchEntry(key, source, digest, writtenAt, writer));
    const [only] = entries;
    if (entries.length === 1 && only) await this.table.put({ ...only });
    else {
      const batches: Promise<void>[] = [];
      for (let start = 0; start < entries.length; start += BATCH_LIMIT) {
        const requests = entries
          .slice(start, start + BATCH_LIMIT)
          .map((entry) => ({ PutRequest: { Item: { ...entry } } }));
        batches.push(
          writeBatch(this.table.doc, this.table.tableName, requests, {
            ...BATCH_POLICY,
            clock: this.clock,
            exhausted: () => new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS),
          }),
        );
      }
      await Promise.all(batches);
    }
    return { writer, keys: entries.map(({ pk, sk }) => ({ pk, sk })) };
  }

  /**
   * Withdraws the entries a request wrote when its task write was refused because the stream is being deleted:
   * its task can never match again, and the background deletion removes only the entries of what its item holds.
   * Only the entries no later request has written since, best effort (a search cleans what is left). Other
   * refusals (no such task, no room) leave their entries to the search: another request may have written the
   * same entry just before this one (`writer` then names this one) and be about to make it match, through an
   * import or a disassociation in between; withdrawing would take its entry away.
   */
  async withdraw({ writer, keys }: IndexWrite): Promise<void> {
    await Promise.all(
      keys.map((Key) => this.deleteIf(Key, 'writer = :writer', { ':writer': writer }).catch(() => undefined)),
    );
  }

  /**
   * Deletes the task's entries for values its write (begun at `writeStartSeconds`) stopped matching: only those
   * last written a settle time before, see the module's comment.
   */
  async remove(
    key: TaskKey,
    source: SearchSource,
    digests: readonly string[],
    writeStartSeconds: number,
  ): Promise<void> {
    const before = writeStartSeconds - SEARCH_SETTLE_SECONDS;
    await Promise.all(
      digests.map((digest) =>
        this.deleteIf(
          { pk: searchPartition(key.accountId, digest), sk: searchSortKey(key.stream, key.task, source) },
          'writtenAt < :before',
          { ':before': before },
        ),
      ),
    );
  }

  /**
   * The tasks that match `value` now, up to `limit` (at most BATCH_GET_LIMIT per read of task items), in the
   * order of their digests, after the task whose digest is `after`; the tasks of streams `streamFilter` refuses
   * and those of streams being deleted are left out. A unique match costs one Query and one BatchGetItem.
   */
  async search(
    accountId: string,
    value: string,
    limit: number,
    after: string | undefined,
    streamFilter: (stream: string) => boolean,
  ): Promise<SearchPage> {
    const digest = searchValueDigest(value);
    const pk = searchPartition(accountId, digest);
    // Read before the task items: an entry written a settle time before this cannot still await its task write.
    const now = nowSeconds(this.clock);
    const groups = new Map<string, SearchEntry[]>();
    let startKey: Item | undefined = after === undefined ? undefined : { pk, sk: searchResumeKey(after) };
    // One entry past the page's tasks tells whether another page follows.
    while (groups.size <= limit) {
      const page = await guarded(
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ExclusiveStartKey: startKey,
            Limit: limit + 1,
            ConsistentRead: true,
          }),
        ),
      );
      for (const entry of (page.Items ?? []) as SearchEntry[]) {
        const task = entry.sk.slice(0, 64);
        groups.set(task, [...(groups.get(task) ?? []), entry]);
      }
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }
    const tasks = [...groups.keys()].slice(0, limit);
    const more = groups.size > limit;
    const entries = tasks.flatMap((task) => groups.get(task) ?? []);
    const candidates = tasks
      .flatMap((task) => groups.get(task)?.[0] ?? [])
      .filter((e) => streamFilter(e.stream));
    const items = await this.taskItems(accountId, candidates);
    const matches = (entry: SearchEntry): boolean => {
      const item = items.get(searchTaskDigest(entry.stream, entry.task));
      const source = entry.sk.slice(65) as SearchSource;
      return (
        (source === 'A' ? item?.resourceNames : item?.discoveredIds)?.has(source === 'A' ? value : digest) ??
        false
      );
    };
    const found = tasks.flatMap((task) => {
      const item = items.get(task);
      return item && !item.deleting && (groups.get(task) ?? []).some(matches) ? [item] : [];
    });
    const stale = entries.filter(
      (entry) =>
        streamFilter(entry.stream) && !matches(entry) && entry.writtenAt < now - SEARCH_SETTLE_SECONDS,
    );
    await this.clean(stale);
    const last = tasks.at(-1);
    return { items: found, ...(more && last !== undefined && { next: last }) };
  }

  /** The candidates' task items by task digest, read in batches of at most BATCH_GET_LIMIT at once. */
  private async taskItems(
    accountId: string,
    candidates: readonly SearchEntry[],
  ): Promise<Map<string, TaskItem>> {
    const reads: Promise<Item[]>[] = [];
    for (let start = 0; start < candidates.length; start += BATCH_GET_LIMIT) {
      const keys = candidates
        .slice(start, start + BATCH_GET_LIMIT)
        .map(({ stream, task }) => taskItemKey(accountId, stream, task));
      reads.push(
        getBatch(this.table.doc, this.table.tableName, keys, {
          ...BATCH_POLICY,
          clock: this.clock,
          exhausted: () => new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS),
        }),
      );
    }
    const items = (await Promise.all(reads)).flat() as unknown as TaskItem[];
    return new Map(items.map((item) => [searchTaskDigest(item.stream, item.task), item]));
  }

  /**
   * Deletes entries a search found stale, each only if nobody has written it since it was read. A failure here
   * never fails the search: the next one cleans what this one could not.
   */
  private async clean(stale: readonly SearchEntry[]): Promise<void> {
    await Promise.all(
      stale.map(({ pk, sk, writtenAt }) =>
        this.deleteIf({ pk, sk }, 'writtenAt = :seen', { ':seen': writtenAt }).catch(() => undefined),
      ),
    );
  }

  /** A conditional DeleteItem; a condition that does not hold is no error. */
  private async deleteIf(Key: ItemKey, condition: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: { pk: Key.pk, sk: Key.sk },
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
    }
  }
}
