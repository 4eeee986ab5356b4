/**
 * Who may read and write which progress update streams.
 *
 * Account isolation holds by construction: every key the store builds starts with the caller's own account,
 * so no request can name another account's data. Within an account, `StreamPermissions` may restrict a
 * stream (or a `*` pattern of stream names) to listed principals; by default any principal of the account may
 * read and write its streams. Principal patterns match the caller's IAM ARN, with an assumed-role session
 * (`arn:aws:sts::A:assumed-role/R/session`) matched as its role (`arn:aws:iam::A:role/R`).
 */
import * as z from 'zod/mini';
import type { Caller } from './caller';

export type Access = 'read' | 'write';

/** One rule of a permissions document (the MGH_STREAM_PERMISSIONS setting, or the local permissions file). */
export const StreamRule = z.object({
  /** A stream name, or a pattern where `*` matches any run of characters. */
  stream: z.string().check(z.minLength(1)),
  /** ARN patterns (`*` wildcards) allowed to write, which implies read. */
  writers: z.array(z.string().check(z.minLength(1))),
  /** ARN patterns allowed to read only. */
  readers: z.optional(z.array(z.string().check(z.minLength(1)))),
});
export type StreamRule = z.infer<typeof StreamRule>;
export const StreamRules = z.array(StreamRule);

export interface AccessPolicy {
  allows(caller: Caller, access: Access, stream: string): boolean;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'su');
}

const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

/** `arn:aws:sts::A:assumed-role/R/session` → `arn:aws:iam::A:role/R`; any other ARN as it is. */
export function principalOf(arn: string): string {
  const match = ASSUMED_ROLE.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : arn;
}

export class StreamPermissions implements AccessPolicy {
  private readonly rules: readonly {
    stream: RegExp;
    writers: readonly RegExp[];
    readers: readonly RegExp[];
  }[];

  /** The first rule whose stream pattern matches a stream decides; a stream no rule matches is open. */
  constructor(rules: readonly StreamRule[] = []) {
    this.rules = rules.map((rule) => ({
      stream: wildcard(rule.stream),
      writers: rule.writers.map(wildcard),
      readers: (rule.readers ?? []).map(wildcard),
    }));
  }

  allows(caller: Caller, access: Access, stream: string): boolean {
    const rule = this.rules.find((candidate) => candidate.stream.test(stream));
    if (!rule) return true;
    const principal = principalOf(caller.arn);
    const matches = (patterns: readonly RegExp[]) =>
      patterns.some((pattern) => pattern.test(principal) || pattern.test(caller.arn));
    return matches(rule.writers) || (access === 'read' && matches(rule.readers));
  }
}
