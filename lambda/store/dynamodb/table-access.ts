/**
 * The table as the parts of the task store share it: one DocumentClient, the table's name, and the reads and
 * writes with no expected failure (every error is a storage fault).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StreamKey, TaskKey } from '../../model/task';
import { type ItemKey, streamItemKey, taskItemKey } from '../table';
import { guarded } from './errors';
import type { Item, StreamItem, TaskItem } from './items';
import { type ItemPage, type QueryPageInput, queryPage } from './paged-query';

export class TableAccess {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async getStream({ accountId, stream }: StreamKey): Promise<StreamItem | undefined> {
    return (await this.get(streamItemKey(accountId, stream))) as StreamItem | undefined;
  }

  async getTask({ accountId, stream, task }: TaskKey): Promise<TaskItem | undefined> {
    return (await this.get(taskItemKey(accountId, stream, task))) as TaskItem | undefined;
  }

  /** `abortSignal` cuts the request off, attempts and all, when it fires. */
  async put(Item: Item, abortSignal?: AbortSignal): Promise<void> {
    await guarded(
      this.doc.send(new PutCommand({ TableName: this.tableName, Item }), abortSignal && { abortSignal }),
    );
  }

  queryPage(input: QueryPageInput): Promise<ItemPage> {
    return queryPage(this.doc, this.tableName, input);
  }

  /** Strongly consistent: a client sees its own writes. */
  private async get(Key: ItemKey): Promise<Item | undefined> {
    const { Item } = await guarded(
      this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true })),
    );
    return Item;
  }
}
