/** dynalite's storage module: only the function the bench uses to size items as DynamoDB does. */
declare module 'dynalite/db' {
  import type { AttributeValue } from '@aws-sdk/client-dynamodb';

  /** An item's size in bytes: every attribute name's length and value's size, by DynamoDB's rules. */
  export function itemSize(item: Record<string, AttributeValue>): number;
}
