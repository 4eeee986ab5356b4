/**
 * The HomeRegionStore on DynamoDB: one item per account (table.ts `homeRegionControlKey`), created only where
 * none exists and deleted only under its own id, so two callers racing to set or delete it agree on the outcome.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../errors';
import type { HomeRegionControl } from '../model/home-region';
import { guarded, storageError } from './dynamodb/errors';
import type { HomeRegionStore } from './home-region-store';
import { homeRegionControlKey } from './table';

/** The control's item, key attributes aside. */
interface ControlItem {
  controlId: string;
  homeRegion: string;
  /** Epoch seconds. */
  requestedTime?: number;
}

/**
 * Rounds of "put if absent, else read" before giving up: only a control deleted between the two, every time,
 * exhausts them, and then the caller gets a retryable error.
 */
const CREATE_ATTEMPTS = 3;

export class DynamoDbHomeRegionStore implements HomeRegionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async get(accountId: string): Promise<HomeRegionControl | undefined> {
    const { Item } = await guarded(
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: homeRegionControlKey(accountId),
          ConsistentRead: true,
        }),
      ),
    );
    if (!Item) return undefined;
    const { controlId, homeRegion, requestedTime } = Item as ControlItem;
    return { controlId, accountId, homeRegion, ...(requestedTime !== undefined && { requestedTime }) };
  }

  async createIfAbsent(control: HomeRegionControl): Promise<HomeRegionControl> {
    const { accountId, controlId, homeRegion, requestedTime } = control;
    const item: ControlItem = {
      controlId,
      homeRegion,
      ...(requestedTime !== undefined && { requestedTime }),
    };
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...homeRegionControlKey(accountId), ...item },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return control;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw storageError(error);
      }
      const existing = await this.get(accountId);
      if (existing) return existing;
    }
    throw new ServiceUnavailableError();
  }

  async delete(accountId: string, controlId: string): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: homeRegionControlKey(accountId),
          ConditionExpression: 'controlId = :controlId',
          ExpressionAttributeValues: { ':controlId': controlId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw storageError(error);
    }
  }
}
