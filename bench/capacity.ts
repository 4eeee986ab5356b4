/**
 * The capacity model of the README ("Capacity"): what bounds notifications a second, as figures and arithmetic,
 * one function per row of its table. Pure, unit-tested (test/unit/bench-capacity.test.ts); section 8 of the bench
 * (bench/item-sizes.ts) checks it against the items the store actually writes.
 *
 * A notification writes its task item (a conditional UpdateItem), its history entry and, while the task can go
 * stale, its staleness lease (two when a task published stale reports again). DynamoDB bills a write unit per
 * started KB of each item, an update on the larger of the item before and after it, so a notification costs
 * three units only while every item is at most 1 KB; a task with many resource attributes costs more on every
 * notification, since they live on the task item it rewrites.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DEFAULT_LEASE_SHARDS } from '../lambda/store/staleness-store';
import { DEFAULT_THROTTLING } from '../lib/migration-hub-api';

/** A write unit covers an item of up to 1 KB. */
export const WRITE_UNIT_BYTES = 1024;
/** What DynamoDB serves one partition a second, whatever the table's mode. */
export const PARTITION_WRITE_UNITS = 1_000;
/** The write units a new on-demand table takes at once, before it has scaled (DynamoDB's initial throughput). */
export const NEW_TABLE_WRITE_UNITS = 4_000;
/** A notification's time in Lambda: two storage round trips, 20-50 ms measured; the slower end assumed. */
export const NOTIFICATION_LAMBDA_MS = 50;
/** Concurrent executions: an account's usual quota, and a new account's. */
export const LAMBDA_CONCURRENCY = { usual: 1_000, newAccount: 10 } as const;

/**
 * The sizes the README's table assumed: every item at most 1 KB (the history entry 236 B and the lease 126 B
 * billed, the README's 336 and 226 B stored, with DynamoDB's 100 B per item), one lease per notification.
 */
export const ASSUMED_NOTIFICATION: NotificationItems = {
  taskItemBytes: WRITE_UNIT_BYTES,
  historyBytes: 236,
  leaseBytes: 126,
  leases: 1,
};

/** The billed sizes of what one notification writes. */
export interface NotificationItems {
  /** The task item, the larger of before and after the update. */
  readonly taskItemBytes: number;
  readonly historyBytes: number;
  readonly leaseBytes: number;
  /** 0 when the update cannot go stale, 2 when a task published stale reports again. */
  readonly leases: 0 | 1 | 2;
}

/** Utf-8 bytes: DynamoDB sizes every string, and every attribute name, by them. */
function utf8(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/**
 * A number's size: its significant digits in base-100 pairs aligned on the decimal point, 1 byte a pair, plus
 * 1 (and 1 more when negative); "about 1 byte per two significant digits, plus 1" in the documentation's words,
 * exactly as the local engine counts it.
 */
function numberBytes(value: string): number {
  const negative = value.startsWith('-');
  const [mantissa = '', exponent = '0'] = value.replace(/^[-+]/, '').toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = `${whole}${fraction}`;
  const trimmed = digits.replace(/^0+/, '');
  const significant = trimmed.replace(/0+$/, '').length;
  if (significant === 0) return 1;
  // The power of ten of the first significant digit: a pair starts at every even one.
  const power = whole.length - 1 - (digits.length - trimmed.length) + Number(exponent);
  return 1 + Math.ceil((significant + (power % 2 === 0 ? 1 : 0)) / 2) + (negative ? 1 : 0);
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, member) => sum + utf8(member), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, member) => sum + numberBytes(member), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, member) => sum + member.length, 0);
  // A list or map: 3 bytes, and 1 byte for each element besides its own size.
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + itemBytes(value.M);
  throw new Error(`an attribute value of no known type: ${Object.keys(value).join(', ')}`);
}

/**
 * An item's size as DynamoDB bills it: each attribute's name and value by the documented rules
 * (docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html), without the 100 B
 * per item that only storage is billed for.
 */
export function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

/** Write units of one item of `bytes`: every started KB, at least one. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}

/** The write units of one notification, by item. */
export function notificationWriteUnits(items: NotificationItems): {
  readonly task: number;
  readonly history: number;
  readonly leases: number;
  readonly total: number;
} {
  const task = writeUnits(items.taskItemBytes);
  const history = writeUnits(items.historyBytes);
  const leases = items.leases * writeUnits(items.leaseBytes);
  return { task, history, leases, total: task + history + leases };
}

/** Row "stage throttling": the stage's steady rate; API Gateway's own quota is 10,000 a second per account. */
export function stageBound(rateLimit: number = DEFAULT_THROTTLING.rateLimit): number {
  return rateLimit;
}

/** Row "Lambda concurrency": concurrent executions ÷ the time of a call. */
export function lambdaBound(concurrency: number, callMs = NOTIFICATION_LAMBDA_MS): number {
  return concurrency / (callMs / 1000);
}

/** Row "DynamoDB on-demand": a new table's write units ÷ a notification's. */
export function newTableBound(items: NotificationItems, tableUnits = NEW_TABLE_WRITE_UNITS): number {
  return tableUnits / notificationWriteUnits(items).total;
}

/**
 * Row "lease shards": each shard a partition of its own, taking a notification's leases. Leases spread over
 * the shards by task, so the bound holds for many tasks, not for one.
 */
export function leaseShardsBound(items: NotificationItems, shards = DEFAULT_LEASE_SHARDS): number {
  const leases = notificationWriteUnits(items).leases;
  return leases === 0 ? Number.POSITIVE_INFINITY : (shards * PARTITION_WRITE_UNITS) / leases;
}

/** Row "one stream": every task item of a stream shares one partition key (`account|stream`). */
export function streamBound(items: NotificationItems): number {
  return PARTITION_WRITE_UNITS / notificationWriteUnits(items).task;
}

/** Row "one task": its history has a partition of its own. */
export function taskBound(items: NotificationItems): number {
  return PARTITION_WRITE_UNITS / notificationWriteUnits(items).history;
}

/** The deployment's bound with the defaults: the least of its rows (Lambda on an account's usual quota). */
export function deploymentBound(items: NotificationItems): number {
  return Math.min(
    stageBound(),
    lambdaBound(LAMBDA_CONCURRENCY.usual),
    newTableBound(items),
    leaseShardsBound(items),
  );
}
