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
  /**
   * With a filter, how many more items this listing may read. When it runs out, the page ends early, with a
   * position after the last item read, so a filter that matches little cannot make one request read a whole
   * account.
   */
  readonly budget?: { remaining: number };
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
  { pk, prefix = '', after, limit, filter, budget }: QueryPageInput,
): Promise<ItemPage> {
  const items: Item[] = [];
  let startKey: Item | undefined = after === undefined ? undefined : { pk, sk: `${prefix}${after}` };
  const budgetLeft = () => budget === undefined || budget.remaining > 0;
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
