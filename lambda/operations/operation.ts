/**
 * How an operation is declared: its input schema, whether it reads or writes, the stream it acts on, and what
 * it does. `defineOperation` keeps each operation's input typed while the router handles them all alike.
 */
import type * as z from 'zod/mini';
import type { Caller } from '../access/caller';
import {
  FROM_ANY_REGION,
  type HomeRegionRule,
  type HomeRegions,
  IN_HOME_REGION,
} from '../access/home-region';
import type { Access } from '../access/policy';
import type { Clock } from '../clock';
import { InvalidInputError } from '../errors';
import type { RequestFacts } from '../observability/telemetry';
import type { ApplicationStore } from '../store/application-store';
import type { TaskStore } from '../store/task-store';
import { formatIssues } from '../validation/format-issues';

export interface OperationContext {
  readonly caller: Caller;
  readonly store: TaskStore;
  /** Application states: the account's, no stream's. */
  readonly applications: ApplicationStore;
  /** What time it is, for every decision that depends on it (token expiry, staleness). */
  readonly clock: Clock;
  /** Adds facts about this request to its log line and metrics (see lambda/observability/telemetry.ts). */
  annotate(facts: RequestFacts): void;
  /** Whether the caller may read a stream: account-wide lists show only those. */
  mayRead(stream: string): boolean;
  /** Every account's home region, configured or stored (migrationhub-config reads and sets them). */
  readonly homeRegions: HomeRegions;
}

/** What a check of the input against the request's context sees: no storage, so it writes and reads nothing. */
export type CheckContext = Pick<OperationContext, 'caller' | 'homeRegions'>;

/** The stream (and task) a call acts on: for authorization, and for the log. */
export interface CallTarget {
  readonly stream: string;
  readonly task?: string;
}

/** A request whose input passed validation, ready to be authorized and run. */
export interface ValidatedCall {
  /** Absent for account-wide calls (the list of streams, of all tasks). */
  readonly target?: CallTarget;
  readonly dryRun: boolean;
  /** Throws InvalidInputError for input that is well-formed but not for this caller or deployment. */
  check?(context: CheckContext): void;
  run(context: OperationContext): Promise<object>;
}

/** The services on this endpoint, by the X-Amz-Target prefix their calls carry. */
export const SERVICES = {
  mgh: 'AWSMigrationHub',
  config: 'AWSMigrationHubMultiAccountService',
} as const;
export type Service = keyof typeof SERVICES;

export interface Operation {
  readonly name: string;
  /** The X-Amz-Target that calls it: `<service prefix>.<name>`. */
  readonly xAmzTarget: string;
  readonly access: Access;
  /** Where it answers (see lambda/access/home-region.ts). */
  readonly homeRegion: HomeRegionRule;
  /** Throws InvalidInputError naming each member that breaks a rule of the model. */
  validate(body: Record<string, unknown>): ValidatedCall;
}

interface OperationSpec<Schema extends z.ZodMiniType<object>> {
  readonly name: string;
  /** @default 'mgh' */
  readonly service?: Service;
  readonly input: Schema;
  readonly access: Access;
  /** @default IN_HOME_REGION for writes, FROM_ANY_REGION for reads */
  readonly homeRegion?: HomeRegionRule;
  readonly target?: (input: z.infer<Schema>) => CallTarget;
  /** Rules of the input that depend on the caller or the deployment, checked before DryRun answers. */
  readonly check?: (input: z.infer<Schema>, context: CheckContext) => void;
  readonly run: (input: z.infer<Schema>, context: OperationContext) => Promise<object>;
}

export function defineOperation<Schema extends z.ZodMiniType<object>>(
  spec: OperationSpec<Schema>,
): Operation {
  return {
    name: spec.name,
    xAmzTarget: `${SERVICES[spec.service ?? 'mgh']}.${spec.name}`,
    access: spec.access,
    homeRegion: spec.homeRegion ?? (spec.access === 'write' ? IN_HOME_REGION : FROM_ANY_REGION),
    validate(body) {
      const parsed = spec.input.safeParse(body, { reportInput: true });
      if (!parsed.success) throw new InvalidInputError(formatIssues(parsed.error.issues));
      const input = parsed.data;
      return {
        ...(spec.target && { target: spec.target(input) }),
        ...(spec.check && { check: (context: CheckContext) => spec.check?.(input, context) }),
        dryRun: 'DryRun' in input && input.DryRun === true,
        run: (context) => spec.run(input, context),
      };
    },
  };
}
