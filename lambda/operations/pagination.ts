/**
 * NextToken for every List call: an opaque, base64 envelope (version, issue time, scope digest) around the
 * store's cursor, which only the store reads (see lambda/store/table.ts).
 *
 * - Unforgeable into other data by construction: a token holds only a cursor (the last key returned); the
 *   store always queries inside the caller's own account, so an edited cursor can only move within it, and
 *   the store refuses any cursor it could not have issued.
 * - Bound to its request: a digest of the operation, the account and the list's arguments, so a token
 *   replayed on another list (or by another account) is InvalidInputException.
 * - Valid across concurrent writes: positions are sort keys, and a page resumes strictly after the last key
 *   returned, so nothing is repeated and nothing that existed at both calls is skipped.
 * - Expires after 24 hours, as the real service's tokens do, and then reads as the API reference says: HTTP 400
 *   `InvalidToken`. A token this call did not issue is InvalidInputException naming NextToken.
 *
 * The lists of one task's linked items (created artifacts, discovered and source resources) share their input
 * and their whole run but the store call: TaskListingInput and listTaskItems.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { type Clock, nowSeconds } from '../clock';
import { InvalidInputError, InvalidTokenError } from '../errors';
import type { TaskKey } from '../model/task';
import { type Cursor, InvalidCursorError, type Page } from '../store/task-store';
import { taskNotFound } from './resource-errors';
import { MigrationTaskName, ProgressUpdateStreamName } from './shapes';

const VERSION = 1;
export const TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/** `^[a-zA-Z0-9\/\+\=]{0,2048}$`. An empty string means "from the start", as if absent. */
export const NextToken = z.optional(
  z
    .string()
    .check(
      z.maxLength(2048),
      z.regex(/^[a-zA-Z0-9/+=]*$/, { message: 'must be a NextToken returned by a previous call' }),
    ),
);

/** `MaxResults`: 1..max, `max` being 100 for most lists and 10 for ListCreatedArtifacts. */
export function maxResults(max: number) {
  return z.optional(z.int({ error: 'must be an integer' }).check(z.minimum(1), z.maximum(max)));
}

function scopeDigest(scope: readonly string[]): Buffer {
  return createHash('sha256').update(scope.join('\u0000')).digest().subarray(0, 8);
}

/** A token carrying a store's cursor, issued at `nowSeconds` for the list `scope` names. */
export function encodeToken(scope: readonly string[], cursor: Cursor, nowSeconds: number): string {
  const header = Buffer.alloc(5);
  header.writeUInt8(VERSION, 0);
  header.writeUInt32BE(Math.floor(nowSeconds), 1);
  return Buffer.concat([header, scopeDigest(scope), Buffer.from(cursor, 'utf8')]).toString('base64');
}

const invalid = () =>
  new InvalidInputError('NextToken is not a token returned by a previous call of this request.');

/**
 * The cursor a token carries; undefined for no token. Throws InvalidInputError for any token this call did
 * not issue, and for one that has expired. Whether the cursor is one the store issued, the store checks.
 */
export function decodeToken(
  token: string | undefined,
  scope: readonly string[],
  nowSeconds: number,
): Cursor | undefined {
  if (!token) return undefined;
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length < 13 || bytes.toString('base64') !== token || bytes.readUInt8(0) !== VERSION)
    throw invalid();
  if (!bytes.subarray(5, 13).equals(scopeDigest(scope))) throw invalid();
  const issuedAt = bytes.readUInt32BE(1);
  if (nowSeconds - issuedAt > TOKEN_LIFETIME_SECONDS || issuedAt - nowSeconds > 300) {
    throw new InvalidTokenError(
      'NextToken has expired (tokens are valid for 24 hours). Start the listing again.',
    );
  }
  return bytes.subarray(13).toString('utf8');
}

/**
 * One page of a List call: decodes its NextToken, reads the page after that cursor, and issues the token of
 * the next page. A cursor the store refuses reads as a token this call did not issue. `list` answers
 * undefined when what is listed does not exist (the task of a task's listing).
 */
export async function paginate<Item>(
  { token, scope, clock }: { token: string | undefined; scope: readonly string[]; clock: Clock },
  list: (after: Cursor | undefined) => Promise<Page<Item> | undefined>,
): Promise<{ items: readonly Item[]; NextToken?: string } | undefined> {
  const issuedAt = nowSeconds(clock);
  const after = decodeToken(token, scope, issuedAt);
  let page: Page<Item> | undefined;
  try {
    page = await list(after);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalid();
    throw error;
  }
  if (!page) return undefined;
  return {
    items: page.items,
    ...(page.next !== undefined && { NextToken: encodeToken(scope, page.next, issuedAt) }),
  };
}

/** The input of a list of one task's linked items; 10 a page at most, the model's maximum for each of them. */
export const TaskListingInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  NextToken,
  MaxResults: maxResults(10),
});
export type TaskListingInput = z.infer<typeof TaskListingInput>;

/** A task listing's page size when the call gives none: the model's maximum. */
export const TASK_LISTING_MAX_RESULTS = 10;

/**
 * One page of a list of a task's linked items, read by `list` from the store, its token scoped to
 * `operation`, the caller's account and the task. ResourceNotFoundException when the task does not exist.
 */
export async function listTaskItems<Item>(
  operation: string,
  { ProgressUpdateStream: stream, MigrationTaskName: task, NextToken: token, MaxResults }: TaskListingInput,
  { accountId, clock }: { accountId: string; clock: Clock },
  list: (key: TaskKey, limit: number, after: Cursor | undefined) => Promise<Page<Item> | undefined>,
): Promise<{ items: readonly Item[]; NextToken?: string }> {
  const key = { accountId, stream, task };
  const page = await paginate({ token, scope: [operation, accountId, stream, task], clock }, (after) =>
    list(key, MaxResults ?? TASK_LISTING_MAX_RESULTS, after),
  );
  if (!page) throw taskNotFound(stream, task);
  return page;
}
