/** A page of one partition, the way every listing of the task store reads. */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { guarded } from './errors';
import type { Item } from './items';

export interface QueryPageInput {
  readonly pk: string;
  /** Items whose sort key starts with this, and the prefix stripped from positions. */
  readonly prefix?: string;
  /** The position (sort key less the prefix) the page starts after. */
  readonly after?: string;
  readonly limit: number;
  readonly filter?: { expression: string; names?: Record<string, string>; values: Record<string, unknown> };
}

export interface ItemPage {
  readonly items: readonly Item[];
  /** The position to resume after; absent on the last page. */
  readonly next?: string;
}

/**
 * Up to `limit` items of a partition after a position, in sort key order, reading one item ahead to know
 * whether a next page exists. With a filter, DynamoDB's Limit counts items read, so it reads on until the
 * page is full or the partition ends. Strongly consistent: a client sees its own writes.
 */
export async function queryPage(
  doc: DynamoDBDocumentClient,
  tableName: string,
  { pk, prefix = '', after, limit, filter }: QueryPageInput,
): Promise<ItemPage> {
  const items: Item[] = [];
  let startKey: Item | undefined = after === undefined ? undefined : { pk, sk: `${prefix}${after}` };
  do {
    const page = await guarded(
      doc.send(
        new QueryCommand({
          TableName: tableName,
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
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length <= limit);
  const kept = items.slice(0, limit);
  const last = kept.at(-1)?.sk;
  const next = items.length > limit && typeof last === 'string' ? last.slice(prefix.length) : undefined;
  return { items: kept, ...(next !== undefined && { next }) };
}
