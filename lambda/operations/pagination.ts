/**
 * NextToken for every List call: an opaque, base64 encoding of where the previous page stopped.
 *
 * - Unforgeable into other data by construction: a token holds only a position (the last key returned); the
 *   store always queries inside the caller's own account, so an edited position can only move within it.
 * - Bound to its request: a digest of the operation, the account and the list's arguments, so a token
 *   replayed on another list (or by another account) is InvalidInputException.
 * - Valid across concurrent writes: positions are sort keys, and a page resumes strictly after the last key
 *   returned, so nothing is repeated and nothing that existed at both calls is skipped.
 * - Expires after 24 hours, as the real service's tokens do.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { InvalidInputError } from '../errors';
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

/** Position parts may be any stream or task name: none contains `|`, so it separates them. */
export function encodeToken(scope: readonly string[], position: readonly string[], now: number): string {
  const header = Buffer.alloc(5);
  header.writeUInt8(VERSION, 0);
  header.writeUInt32BE(Math.floor(now), 1);
  return Buffer.concat([header, scopeDigest(scope), Buffer.from(position.join('|'), 'utf8')]).toString(
    'base64',
  );
}

const invalid = () =>
  new InvalidInputError('NextToken is not a token returned by a previous call of this request.');

/** The shapes a position part can take, so a forged position is refused here rather than by the store. */
export const POSITION = {
  stream: ProgressUpdateStreamName,
  task: MigrationTaskName,
  /** A history sort key's parts: the fixed-width time, and the update digest. */
  historyTime: z.string().check(z.regex(/^\d{12}\.\d{9}$/)),
  historyDigest: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  artifactDigest: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
} as const;

/**
 * The position a token resumes from (one part per schema in `parts`); undefined for no token. Throws
 * InvalidInputError for any token this call did not issue, and for one that has expired.
 */
export function decodeToken(
  token: string | undefined,
  scope: readonly string[],
  now: number,
  parts: readonly z.ZodMiniType<string>[],
): string[] | undefined {
  if (!token) return undefined;
  const bytes = Buffer.from(token, 'base64');
  if (bytes.length < 13 || bytes.toString('base64') !== token || bytes.readUInt8(0) !== VERSION)
    throw invalid();
  if (!bytes.subarray(5, 13).equals(scopeDigest(scope))) throw invalid();
  const issuedAt = bytes.readUInt32BE(1);
  if (now - issuedAt > TOKEN_LIFETIME_SECONDS || issuedAt - now > 300) {
    throw new InvalidInputError(
      'NextToken has expired (tokens are valid for 24 hours). Start the listing again.',
    );
  }
  const position = bytes.subarray(13).toString('utf8').split('|');
  if (position.length !== parts.length) throw invalid();
  position.forEach((part, index) => {
    if (!parts[index]?.safeParse(part).success) throw invalid();
  });
  return position;
}
