/**
 * BatchGetItem with its one catch handled: DynamoDB may answer some keys and leave the others unprocessed
 * (throttling, or a response over 16 MB). Those are asked for again through the shared retry loop, with the
 * caller's attempts, backoff and clock; when keys are still left after the last attempt, the caller's error is
 * thrown, so a page never silently lacks an item that exists.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RetryPolicy, retry } from '../../retry';
import type { ItemKey } from '../table';
import { guarded } from './errors';
import type { Item } from './items';

/** BatchGetItem takes at most 100 keys. */
export const BATCH_GET_LIMIT = 100;

export interface BatchGetOptions extends RetryPolicy {
  /** The error when keys are still unprocessed after the last attempt. */
  readonly exhausted: () => Error;
}

/** The items of up to BATCH_GET_LIMIT keys (those that exist), strongly consistent, in no particular order. */
export async function getBatch(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  { exhausted, ...policy }: BatchGetOptions,
): Promise<Item[]> {
  if (keys.length > BATCH_GET_LIMIT) throw new RangeError(`at most ${BATCH_GET_LIMIT} keys per batch`);
  const found: Item[] = [];
  let pending: readonly ItemKey[] = keys;
  if (pending.length === 0) return found;
  await retry(
    async () => {
      const { Responses, UnprocessedKeys } = await guarded(
        doc.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: pending.map(({ pk, sk }) => ({ pk, sk })), ConsistentRead: true },
            },
          }),
        ),
      );
      found.push(...((Responses?.[tableName] ?? []) as Item[]));
      pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
      return pending.length === 0;
    },
    policy,
    exhausted,
  );
  return found;
}
