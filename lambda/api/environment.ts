/**
 * The API Lambda's settings, read and checked once at cold start: a function deployed with a bad setting fails
 * its first invocation with a message naming the setting, instead of answering every call wrongly.
 */
import * as z from 'zod/mini';
import type { StreamRule } from '../access/policy';
import { parseStreamRules } from '../access/stream-rules';
import { leaseShardsSetting } from '../settings';
import { formatIssues } from '../validation/format-issues';

export interface ApiEnvironment {
  readonly tableName: string;
  readonly homeRegion: string | undefined;
  readonly region: string;
  readonly streamRules: readonly StreamRule[];
  /** Days history entries are kept; undefined: as long as their task. */
  readonly historyRetentionDays: number | undefined;
  readonly leaseShards: number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const Environment = z.object({
  MGH_TABLE_NAME: z.string().check(z.minLength(3)),
  /** Empty or absent: none is configured, and each account sets its own with CreateHomeRegionControl. */
  MGH_HOME_REGION: z.optional(
    z.union([z.literal(''), z.string().check(z.regex(REGION, 'must be an AWS region name'))]),
  ),
  AWS_REGION: z.string().check(z.regex(REGION, 'must be an AWS region name')),
  /** A JSON array of StreamRule. */
  MGH_STREAM_PERMISSIONS: z.optional(z.string()),
  /** Empty or absent: history is kept as long as its task. */
  MGH_HISTORY_RETENTION_DAYS: z.optional(
    z.union([z.literal(''), z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a whole number of days'))]),
  ),
});

export function readApiEnvironment(env: NodeJS.ProcessEnv = process.env): ApiEnvironment {
  const parsed = Environment.safeParse(env, { reportInput: true });
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const { MGH_TABLE_NAME, MGH_HOME_REGION, AWS_REGION, MGH_STREAM_PERMISSIONS, MGH_HISTORY_RETENTION_DAYS } =
    parsed.data;
  return {
    tableName: MGH_TABLE_NAME,
    homeRegion: MGH_HOME_REGION || undefined,
    region: AWS_REGION,
    streamRules: MGH_STREAM_PERMISSIONS
      ? parseStreamRules(MGH_STREAM_PERMISSIONS, 'MGH_STREAM_PERMISSIONS')
      : [],
    historyRetentionDays: MGH_HISTORY_RETENTION_DAYS ? Number(MGH_HISTORY_RETENTION_DAYS) : undefined,
    leaseShards: leaseShardsSetting(env),
  };
}
