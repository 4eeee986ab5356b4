/**
 * BatchWriteItem with its one catch handled: DynamoDB may accept the request and leave some items unprocessed
 * (throttling). Those are sent again through the shared retry loop, with the caller's attempts, backoff and
 * clock; when items are still left after the last attempt, the caller's error is thrown.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RetryPolicy, retry } from '../../retry';
import { guarded } from './errors';
import type { Item } from './items';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_LIMIT = 25;

export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

export interface BatchWriteOptions extends RetryPolicy {
  /** The error when items are still unprocessed after the last attempt. */
  readonly exhausted: () => Error;
  /** Cuts the batch off, between attempts or during one, when it fires. */
  readonly abortSignal?: AbortSignal;
}

/** Writes up to BATCH_LIMIT requests in one batch, sending what is left unprocessed again. */
export async function writeBatch(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  { exhausted, abortSignal, ...policy }: BatchWriteOptions,
): Promise<void> {
  let pending = [...requests];
  await retry(
    async () => {
      abortSignal?.throwIfAborted();
      const { UnprocessedItems } = await guarded(
        doc.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
          abortSignal && { abortSignal },
        ),
      );
      pending = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      return pending.length === 0;
    },
    policy,
    exhausted,
  );
}
