/**
 * The single table's shape, shared by the store, the CDK construct that creates it and the local engine.
 * Keys are strings; `|` separates their parts because no stream or task name may contain it
 * (see docs/decisions/001-table-keys.md).
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** The attribute DynamoDB TTL reads. Only staleness leases carry it: TTL never deletes what a user sent. */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** A stream: partition = the account, so the account's streams can be listed with one Query. */
export function streamItemKey(accountId: string, stream: string): ItemKey {
  return { pk: accountId, sk: `STREAM|${stream}` };
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
  return `${updateDateTime.toFixed(9).padStart(22, '0')}|${digest}`;
}

/**
 * A task's created artifacts. The sort key is the SHA-256 of the artifact's name: names are ARNs of up to
 * 1,600 characters, past DynamoDB's 1,024-byte sort key limit.
 */
export function artifactsPartition(accountId: string, stream: string, task: string): string {
  return `${accountId}|${stream}|${task}|ARTIFACTS`;
}

/** Streams being deleted, for the background deletion to find (and resume after a crash). */
export const DELETIONS_PARTITION = 'DELETIONS';
