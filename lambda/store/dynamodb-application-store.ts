/**
 * The ApplicationStore on DynamoDB. Each application's state is one item in the account's partition
 * (lambda/store/table.ts), written by one conditional UpdateItem that is the ordering rule of
 * lambda/model/application.ts: it applies only when no state is stored, the stored one is older, or it is as
 * old and not ahead by the status's rank. A retry of the state in force passes again and rewrites the same
 * values; an older notification fails the condition and changes nothing.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../clock';
import { ThrottlingError } from '../errors';
import { APPLICATION_STATUS_RANK, type ApplicationState, type ApplicationStatus } from '../model/application';
import type { ApplicationStore, NotifyApplicationOutcome } from './application-store';
import { getBatch } from './dynamodb/batch-get';
import { guarded, storageError, THROTTLE_RETRY_AFTER_SECONDS } from './dynamodb/errors';
import type { Item } from './dynamodb/items';
import { TableAccess } from './dynamodb/table-access';
import { APPLICATION_SORT_KEY_PREFIX, applicationDigest, applicationItemKey, cursors } from './table';
import { type Cursor, InvalidCursorError, type Page } from './task-store';

/**
 * The notification's conditional write. Values: `:id`, `:s` (status), `:t` (UpdateDateTime), `:r` (the
 * status's rank). A flat OR (AND binds tighter), for the reason NOTIFY_WRITE in dynamodb-task-store.ts gives:
 * dynalite parses a parenthesised condition several times slower, and DynamoDB reads both alike.
 */
export const NOTIFY_APPLICATION_WRITE = {
  UpdateExpression: 'SET applicationId = :id, applicationStatus = :s, updateDateTime = :t, statusRank = :r',
  ConditionExpression:
    'attribute_not_exists(pk) OR updateDateTime < :t OR updateDateTime = :t AND statusRank <= :r',
} as const;

/** The item as stored, key attributes aside. */
interface ApplicationItem {
  applicationId: string;
  applicationStatus: ApplicationStatus;
  updateDateTime: number;
  statusRank: number;
}

function stateOf(item: Item): ApplicationState {
  const { applicationId, applicationStatus, updateDateTime } = item as unknown as ApplicationItem;
  return { applicationId, status: applicationStatus, updateDateTime };
}

export interface DynamoDbApplicationStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Where the waits between batch attempts happen. @default systemClock */
  readonly clock?: Clock;
}

/** Attempts at a batch whose keys DynamoDB leaves unprocessed (throttling), within one request. */
const BATCH_ATTEMPTS = 3;

export class DynamoDbApplicationStore implements ApplicationStore {
  private readonly table: TableAccess;
  private readonly clock: Clock;

  constructor({ client, tableName, clock = systemClock }: DynamoDbApplicationStoreOptions) {
    this.table = new TableAccess(client, tableName);
    this.clock = clock;
  }

  async notify(accountId: string, state: ApplicationState): Promise<NotifyApplicationOutcome> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: applicationItemKey(accountId, state.applicationId),
          ...NOTIFY_APPLICATION_WRITE,
          ExpressionAttributeValues: {
            ':id': state.applicationId,
            ':s': state.status,
            ':t': state.updateDateTime,
            ':r': APPLICATION_STATUS_RANK[state.status],
          },
        }),
      );
      return 'applied';
    } catch (error) {
      // The only way the condition fails: a newer state is in force. Nothing to retry.
      if (error instanceof ConditionalCheckFailedException) return 'superseded';
      throw storageError(error);
    }
  }

  async describe(accountId: string, applicationId: string): Promise<ApplicationState | undefined> {
    const { Item } = await guarded(
      this.table.doc.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: applicationItemKey(accountId, applicationId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item && stateOf(Item);
  }

  async list(
    accountId: string,
    limit: number,
    { after: cursor, applicationIds }: { after?: Cursor; applicationIds?: readonly string[] },
  ): Promise<Page<ApplicationState>> {
    const after = cursor === undefined ? undefined : cursors.applications.decode(cursor);
    if (cursor !== undefined && after === undefined) throw new InvalidCursorError();
    if (applicationIds !== undefined) return this.listByIds(accountId, limit, applicationIds, after);
    const page = await this.table.queryPage({
      pk: accountId,
      prefix: APPLICATION_SORT_KEY_PREFIX,
      limit,
      ...(after !== undefined && { after }),
    });
    return {
      items: page.items.map(stateOf),
      ...(page.next !== undefined && { next: cursors.applications.encode(page.next) }),
    };
  }

  /**
   * The named states, read by key (one BatchGetItem: the model allows at most 100 ids) rather than by
   * scanning the account: only ids after the cursor in digest order are read, so each page reads what is left.
   */
  private async listByIds(
    accountId: string,
    limit: number,
    applicationIds: readonly string[],
    after: string | undefined,
  ): Promise<Page<ApplicationState>> {
    const remaining = [...new Set(applicationIds)].filter(
      (id) => after === undefined || applicationDigest(id) > after,
    );
    const items = await getBatch(
      this.table.doc,
      this.table.tableName,
      remaining.map((id) => applicationItemKey(accountId, id)),
      {
        attempts: BATCH_ATTEMPTS,
        backoffMs: (failed) => 25 * 2 ** (failed + 1),
        clock: this.clock,
        exhausted: () => new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS),
      },
    );
    const found = items
      .map(stateOf)
      .map((state) => ({ state, digest: applicationDigest(state.applicationId) }))
      .sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ state }) => state),
      ...(found.length > limit && last && { next: cursors.applications.encode(last.digest) }),
    };
  }
}
