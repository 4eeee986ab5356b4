/**
 * Who may read and write which progress update streams.
 *
 * Account isolation holds by construction: every key the store builds starts with the caller's own account,
 * so no request can name another account's data. Within an account, `StreamPermissions` may restrict a
 * stream (or a `*` pattern of stream names) to listed principals; by default any principal of the account may
 * read and write its streams. Principal patterns match the caller's IAM ARN, with an assumed-role session
 * (`arn:aws:sts::A:assumed-role/R/session`) matched as its role (`arn:aws:iam::A:role/R`).
 *
 * A role is matched by its name. A session's ARN does not carry its role's path (an IAM Identity Center role is
 * `role/aws-reserved/sso.amazonaws.com/REGION/AWSReservedSSO_...`, its sessions `assumed-role/AWSReservedSSO_...`),
 * and role names are unique within an account whatever their path, so the path written in a rule is left out
 * when matching. A rule with a path and a `*` anywhere in it (`role/team/*`, `role/team/deploy-*`) would then mean
 * more than it says, and is refused when the rules are read: with a path, name one role exactly. A federated user
 * (`arn:aws:sts::A:federated-user/NAME`, from GetFederationToken) is matched by that ARN as it is.
 */
import * as z from 'zod/mini';
import type { Caller } from './caller';

export type Access = 'read' | 'write';

/** `arn:aws:iam::A:role/PATH/NAME`: the partition, account, and everything after `role/`. */
const ROLE_PATTERN = /^arn:([^:]*):iam::([^:]*):role\/(.+)$/su;

/** Why a principal pattern cannot be matched as written, or undefined when it can. */
export function unmatchablePattern(pattern: string): string | undefined {
  const role = ROLE_PATTERN.exec(pattern)?.[3];
  // With a path, only one exact role name is unambiguous: a `*` anywhere would be matched without the path that
  // was meant to narrow it (role/team/deploy-* would admit deploy-prod under any path).
  if (role === undefined || !role.includes('/') || !role.includes('*')) return undefined;
  return (
    `cannot match roles by their path ('${pattern}'): a session's ARN does not carry it. ` +
    'Name one role exactly with its path, or match role names without the path (role/NAME, role/PREFIX*)'
  );
}

const PrincipalPattern = z.string().check(
  z.minLength(1),
  z.superRefine((pattern, ctx) => {
    const problem = unmatchablePattern(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: pattern });
  }),
);

/** One rule of a permissions document (the MGH_STREAM_PERMISSIONS setting, or the local permissions file). */
export const StreamRule = z.object({
  /** A stream name, or a pattern where `*` matches any run of characters. */
  stream: z.string().check(z.minLength(1)),
  /** ARN patterns (`*` wildcards) allowed to write, which implies read. */
  writers: z.array(PrincipalPattern),
  /** ARN patterns allowed to read only. */
  readers: z.optional(z.array(PrincipalPattern)),
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

/** A principal pattern as it is matched: a role's path left out (see above), anything else as written. */
function principalPattern(pattern: string): RegExp {
  const problem = unmatchablePattern(pattern);
  if (problem) throw new Error(`A permissions rule ${problem}`);
  const role = ROLE_PATTERN.exec(pattern);
  if (!role) return wildcard(pattern);
  const [, partition, account, rest = ''] = role;
  return wildcard(`arn:${partition}:iam::${account}:role/${rest.slice(rest.lastIndexOf('/') + 1)}`);
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
      writers: rule.writers.map(principalPattern),
      readers: (rule.readers ?? []).map(principalPattern),
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
