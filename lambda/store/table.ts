/**
 * The single table's shape, shared by the store, the CDK construct that creates it and the local engine: every
 * key format, and the cursors the store hands out, are built and read here and nowhere else. Keys are strings;
 * `|` separates their parts because no stream or task name may contain it (see docs/decisions/001-table-keys.md).
 */
import { createHash } from 'node:crypto';
import { brokenRule, STREAM_NAME, TASK_NAME } from '../model/names';
import type { StreamKey } from '../model/task';

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * The attribute DynamoDB TTL reads. Staleness leases carry it, and history entries when the deployment keeps
 * history for a limited time (historyRetentionDays); a task's current state never does.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** What every stream's sort key starts with, for the Query that lists an account's streams. */
export const STREAM_SORT_KEY_PREFIX = 'STREAM|';

/** A stream: partition = the account, so the account's streams can be listed with one Query. */
export function streamItemKey(accountId: string, stream: string): ItemKey {
  return { pk: accountId, sk: `${STREAM_SORT_KEY_PREFIX}${stream}` };
}

/**
 * An account's home region control (migrationhub-config), in the account's partition beside its streams. Its
 * sort key has no `|`, so no prefix of the account's other items (`STREAM|`, ...) matches it.
 */
export function homeRegionControlKey(accountId: string): ItemKey {
  return { pk: accountId, sk: 'HOME_REGION_CONTROL' };
}

/**
 * A task: partition = account|stream, sort key = the bare task name. The name alone keeps the key within
 * DynamoDB's 1,024-byte sort key limit for every valid name (256 code points of up to 4 bytes each).
 */
export function taskItemKey(accountId: string, stream: string, task: string): ItemKey {
  return { pk: `${accountId}|${stream}`, sk: task };
}

export function streamTasksPartition(accountId: string, stream: string): string {
  return `${accountId}|${stream}`;
}

/** The history of a task: one item per distinct accepted update, sorted by UpdateDateTime. */
export function historyPartition(accountId: string, stream: string, task: string): string {
  return `${accountId}|${stream}|${task}`;
}

/**
 * A history sort key: the timestamp at fixed width (12 integer digits, 9 fractional) so keys sort by time,
 * then the update's digest so distinct updates at the same time never share a key and a retry reuses its own.
 */
export function historySortKey(updateDateTime: number, digest: string): string {
  return `${timeKey(updateDateTime)}|${digest}`;
}

const HISTORY_SORT_KEY = /^\d{12}\.\d{9}\|[0-9a-f]{32}$/;

/** Epoch seconds at fixed width (12 integer digits, 9 fractional), so keys sort by time. */
function timeKey(seconds: number): string {
  return seconds.toFixed(9).padStart(22, '0');
}

/**
 * A task's created artifacts. The sort key is the SHA-256 of the artifact's name: names are ARNs of up to
 * 1,600 characters, past DynamoDB's 1,024-byte sort key limit.
 */
export function artifactsPartition(accountId: string, stream: string, task: string): string {
  return `${accountId}|${stream}|${task}|ARTIFACTS`;
}

export function artifactSortKey(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** A SHA-256 in hex: the sort key of artifacts, discovered and source resources. */
const DIGEST_SORT_KEY = /^[0-9a-f]{64}$/;

/**
 * A task's discovered resources (AssociateDiscoveredResource). The sort key is the SHA-256 of the
 * ConfigurationId (up to 1,600 characters, past the 1,024-byte sort key limit); the task item holds the same
 * digests in a string set, `discoveredIds`, for ListMigrationTasks' ResourceName to match (see
 * lambda/store/dynamodb/resources.ts).
 */
export function discoveredResourcesPartition(accountId: string, stream: string, task: string): string {
  return `${accountId}|${stream}|${task}|DISCOVERED`;
}

/** A ConfigurationId's sort key in its task's partition, and its entry in the task's `discoveredIds`. */
export function discoveredResourceKey(configurationId: string): string {
  return createHash('sha256').update(configurationId).digest('hex');
}

/** A task's source resources (AssociateSourceResource), keyed by the SHA-256 of the resource's name. */
export function sourceResourcesPartition(accountId: string, stream: string, task: string): string {
  return `${accountId}|${stream}|${task}|SOURCES`;
}

export function sourceResourceSortKey(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/**
 * The search index (ListMigrationTasks' ResourceName; docs/decisions/014-resource-search-index.md): one
 * partition per account and searched value, keyed by the value's SHA-256 (values reach 1,600 characters), so a
 * search reads the entries of its value and nothing else. `SEARCH:` holds a `:`, which no stream name may, so no
 * task partition (`ACCOUNT|STREAM`) can share the key.
 */
export function searchPartition(accountId: string, valueDigest: string): string {
  return `${accountId}|SEARCH:${valueDigest}`;
}

/** A searched value's digest: the same as discoveredResourceKey, so a discovered id's digest names its partition. */
export function searchValueDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * What makes a task match a value: one of its resource attributes (`A`, the task item's `resourceNames`) or one
 * of its discovered resources (`D`, its `discoveredIds`). Each has an entry of its own, so that removing the
 * one never removes the entry the other still needs.
 */
export type SearchSource = 'A' | 'D';

/** The digest of a task within its account: where its entries sort in a value's partition, and the cursor. */
export function searchTaskDigest(stream: string, task: string): string {
  return createHash('sha256').update(`${stream}|${task}`).digest('hex');
}

/** An entry's sort key: the task's digest (a name reaches 1,024 bytes), then its source. */
export function searchSortKey(stream: string, task: string, source: SearchSource): string {
  return `${searchTaskDigest(stream, task)}|${source}`;
}

/** A position after every entry of the task whose digest this is (`~` sorts after both sources). */
export function searchResumeKey(taskDigest: string): string {
  return `${taskDigest}|~`;
}

/**
 * An application's state: in the account's partition (beside its streams, under a prefix of its own), sort key
 * = the prefix and the SHA-256 of the id. Ids are up to 1,600 characters, past DynamoDB's 1,024-byte sort key
 * limit; the digest also gives the account's states a stable order.
 */
export const APPLICATION_SORT_KEY_PREFIX = 'APPLICATION|';

export function applicationDigest(applicationId: string): string {
  return createHash('sha256').update(applicationId).digest('hex');
}

export function applicationItemKey(accountId: string, applicationId: string): ItemKey {
  return { pk: accountId, sk: `${APPLICATION_SORT_KEY_PREFIX}${applicationDigest(applicationId)}` };
}

const DIGEST_CURSOR = /^[0-9a-f]{64}$/;

/** Streams being deleted, for the background deletion to find (and resume after a crash). */
export const DELETIONS_PARTITION = 'DELETIONS';

/** A stream's entry in the deletion queue: one per stream, whichever deletion queued it last. */
export function deletionQueueKey(accountId: string, stream: string): ItemKey {
  return { pk: DELETIONS_PARTITION, sk: `${accountId}|${stream}` };
}

/** The stream a deletion queue entry's sort key names; neither part can contain `|`. */
export function parseDeletionQueueKey(sk: string): StreamKey {
  const [accountId = '', stream = ''] = sk.split('|');
  return { accountId, stream };
}

/**
 * Staleness leases (see docs/decisions/006-staleness.md): "visit this task at this time" reminders, spread over
 * shard partitions (DEFAULT_LEASE_SHARDS unless set, see staleness-store.ts) so that no partition takes every
 * notification's write.
 */

/** A lease outlives its due time by a day, so DynamoDB TTL removes it long after the sweep has passed it. */
export const LEASE_RETENTION_SECONDS = 86_400;

function taskDigest(accountId: string, stream: string, task: string): string {
  return createHash('sha256').update(`${accountId}|${stream}|${task}`).digest('hex');
}

export function leasePartition(shard: number): string {
  return `LEASE|${shard}`;
}

/**
 * A task's lease due at `due` (epoch seconds), among `shards` shards: its shard follows from the task, its sort
 * key orders leases by due time, and the same task and time always give the same key, so a retried notification
 * rewrites its lease.
 */
export function leaseItemKey(
  accountId: string,
  stream: string,
  task: string,
  due: number,
  shards: number,
): ItemKey & { readonly shard: number } {
  const digest = taskDigest(accountId, stream, task);
  const shard = Number.parseInt(digest.slice(0, 8), 16) % shards;
  return { pk: leasePartition(shard), sk: `${timeKey(due)}|${digest.slice(0, 32)}`, shard };
}

/** The greatest lease sort key due at or before `due`: every such key sorts before it. */
export function leaseKeyBound(due: number): string {
  return `${timeKey(due)}|~`;
}

/** The most lease shards any sweep was configured with: every one of them is swept. */
export const SWEPT_SHARDS_KEY: ItemKey = { pk: 'SWEEP|SHARDS', sk: 'COUNT' };

/** Where the sweep of a lease shard stands: the sort key of the last lease it finished. */
export function sweepCursorKey(shard: number): ItemKey {
  return { pk: `SWEEP|${shard}`, sk: 'CURSOR' };
}

/**
 * Cursors: where a listing stopped, as the store hands it out (NextToken carries it, opaque to the operations).
 * A cursor is the last sort key returned, less any prefix the listing shares; a listing of an account's tasks
 * spans partitions, so its cursor is `stream|task`. Each listing checks the cursor it is given before it reads:
 * one it could not have issued is refused (InvalidCursorError), never sent to DynamoDB.
 */
export const cursors = {
  streams: {
    encode: (stream: string): string => stream,
    decode: (cursor: string): string | undefined => (isName(cursor, 'stream') ? cursor : undefined),
  },
  tasks: {
    encode: (stream: string, task: string): string => `${stream}|${task}`,
    decode: (cursor: string): { stream: string; task: string } | undefined => {
      const [stream = '', task = '', ...rest] = cursor.split('|');
      return rest.length === 0 && isName(stream, 'stream') && isName(task, 'task')
        ? { stream, task }
        : undefined;
    },
  },
  history: {
    encode: (sortKey: string): string => sortKey,
    decode: (cursor: string): string | undefined => (HISTORY_SORT_KEY.test(cursor) ? cursor : undefined),
  },
  artifacts: {
    encode: (sortKey: string): string => sortKey,
    decode: (cursor: string): string | undefined => (DIGEST_SORT_KEY.test(cursor) ? cursor : undefined),
  },
  discoveredResources: {
    encode: (sortKey: string): string => sortKey,
    decode: (cursor: string): string | undefined => (DIGEST_SORT_KEY.test(cursor) ? cursor : undefined),
  },
  sourceResources: {
    encode: (sortKey: string): string => sortKey,
    decode: (cursor: string): string | undefined => (DIGEST_SORT_KEY.test(cursor) ? cursor : undefined),
  },
  /** A ResourceName search: the digest of the last task returned (searchTaskDigest). */
  search: {
    encode: (taskDigest: string): string => taskDigest,
    decode: (cursor: string): string | undefined => (DIGEST_CURSOR.test(cursor) ? cursor : undefined),
  },
  /** The digest of the last application state returned (its sort key less the prefix). */
  applications: {
    encode: (digest: string): string => digest,
    decode: (cursor: string): string | undefined => (DIGEST_CURSOR.test(cursor) ? cursor : undefined),
  },
} as const;

function isName(value: string, kind: 'stream' | 'task'): boolean {
  return brokenRule(value, kind === 'stream' ? STREAM_NAME : TASK_NAME) === undefined;
}
