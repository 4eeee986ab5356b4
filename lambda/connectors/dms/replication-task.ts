/**
 * One DMS replication task, as DescribeReplicationTasks gives it, in the hub's terms. Pure: the source
 * (`dms-source.ts`) reads the task and its endpoints, this decides what they mean. What DMS may say later (a
 * status or stop reason this table does not know) maps to IN_PROGRESS naming it, and is logged: a new string
 * from the service must never stop the connector.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Endpoint, ReplicationTask } from '@aws-sdk/client-database-migration-service';
import type { MigrationStatus } from '../../model/status';
import type { CreatedArtifact, ResourceAttribute, Task } from '../../model/task';
import {
  CreatedArtifact as CreatedArtifactShape,
  MigrationTaskName,
  ResourceAttribute as ResourceAttributeShape,
  SourceResource as SourceResourceShape,
} from '../../operations/shapes';
import type { Observation, SourceLogger } from '../observation';

/** The progress update stream every DMS replication task is reported in. */
export const DMS_STREAM = 'DMS';

/**
 * How a status is read:
 * - `not-started`: NOT_STARTED;
 * - `running`: IN_PROGRESS, with the full load's percent, or 100 once it finished (ongoing replication);
 * - `at-rest`: the task is not moving data. NOT_STARTED if it never started; else its stop reason decides;
 * - `failed`: FAILED, with DMS's last failure message.
 */
export type DmsStatusRule = 'not-started' | 'running' | 'at-rest' | 'failed';

/**
 * Every replication task status the DMS API reference lists (ReplicationTask.Status, a plain string in the SDK).
 * `modifying`, `testing` (a premigration assessment), `moving`, `failed-move` and `deleting` happen only to a
 * task that is not running, so they say nothing new about the migration: they are at rest.
 */
export const DMS_TASK_STATUSES = {
  creating: 'not-started',
  ready: 'at-rest',
  starting: 'running',
  running: 'running',
  stopping: 'running',
  stopped: 'at-rest',
  failed: 'failed',
  modifying: 'at-rest',
  testing: 'at-rest',
  moving: 'at-rest',
  'failed-move': 'at-rest',
  deleting: 'at-rest',
} as const satisfies Record<string, DmsStatusRule>;

/**
 * What a stopped task's StopReason means (the API gives it as `Stop Reason NAME`):
 * - `cutover`: the task was stopped once its data was there (full load finished, or a CDC task): COMPLETED.
 *   Stopped before its full load finished, it is paused: IN_PROGRESS;
 * - `completed`: a full-load task finished its load: COMPLETED;
 * - `paused`: a planned stop before ongoing replication or after DDL, to resume: IN_PROGRESS;
 * - `restarting`: DMS stopped it to restart it (a recoverable error retried, a reconfiguration): IN_PROGRESS;
 * - `failed`: a stop that needs someone to act (fatal error, out of memory, disk or licence): FAILED.
 */
export type DmsStopRule = 'cutover' | 'completed' | 'paused' | 'restarting' | 'failed';

export const DMS_STOP_REASONS = {
  NORMAL: 'cutover',
  STOPPED_AT_SERVER_TIME: 'cutover',
  STOPPED_AT_COMMIT_TIME: 'cutover',
  FULL_LOAD_ONLY_FINISHED: 'completed',
  STOPPED_AFTER_FULL_LOAD: 'paused',
  STOPPED_AFTER_CACHED_EVENTS: 'paused',
  STOPPED_AFTER_DDL_APPLY: 'paused',
  RECOVERABLE_ERROR: 'restarting',
  RECONFIGURATION_RESTART: 'restarting',
  RECYCLE_TASK: 'restarting',
  FATAL_ERROR: 'failed',
  EXPRESS_LICENSE_LIMITS_REACHED: 'failed',
  STOPPED_DUE_TO_LOW_MEMORY: 'failed',
  STOPPED_DUE_TO_LOW_DISK: 'failed',
} as const satisfies Record<string, DmsStopRule>;

/** Stop reasons that say the full load finished, whatever the statistics hold. */
const LOADED_STOP_REASONS: ReadonlySet<string> = new Set([
  'FULL_LOAD_ONLY_FINISHED',
  'STOPPED_AFTER_FULL_LOAD',
  'STOPPED_AFTER_CACHED_EVENTS',
]);

const MAX_STATUS_DETAIL = 2500;
const MAX_DESCRIPTION = 500;
const MAX_SOURCE_RESOURCE_NAME = 1600;

/** `arn:PARTITION:dms:REGION:ACCOUNT:task:ID`: ID is DMS's resource id, which a rename does not change. */
const TASK_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:(\d{12}):task:(.+)$/;

export interface ReplicationTaskEndpoints {
  readonly source?: Endpoint | undefined;
  readonly target?: Endpoint | undefined;
}

/** The task's observation, or undefined when its ARN names no account and task the hub can hold (logged). */
export function observeReplicationTask(
  replicationTask: ReplicationTask,
  endpoints: ReplicationTaskEndpoints,
  { nowSeconds, logger }: { readonly nowSeconds: number; readonly logger: SourceLogger },
): Observation | undefined {
  const arn = replicationTask.ReplicationTaskArn ?? '';
  const [, accountId, id] = TASK_ARN.exec(arn) ?? [];
  if (accountId === undefined || id === undefined || !MigrationTaskName.safeParse(id).success) {
    logger.warn('DMS replication task skipped: its ARN names no task the hub can hold', { arn });
    return undefined;
  }
  return {
    key: { accountId, stream: DMS_STREAM, task: id },
    task: taskState(replicationTask, id, logger),
    // DMS reports no stall: a task that stops moving data stops (its stop reason says why) or fails.
    stalled: false,
    observedAtSeconds: nowSeconds,
    resourceAttributes: resourceAttributes(endpoints.source),
    createdArtifacts: createdArtifacts(
      replicationTask.TargetEndpointArn ?? endpoints.target?.EndpointArn,
      endpoints,
    ),
    sourceResources: sourceResources(
      replicationTask.SourceEndpointArn ?? endpoints.source?.EndpointArn,
      endpoints,
    ),
  };
}

function taskState(replicationTask: ReplicationTask, id: string, logger: SourceLogger): Task {
  const status = replicationTask.Status ?? '';
  const stopReason = stopReasonName(replicationTask.StopReason);
  const loaded = fullLoadFinished(replicationTask, stopReason);
  const rule: DmsStatusRule | undefined = lookUp(DMS_TASK_STATUSES, status);
  const state = (Status: MigrationStatus, phase: string, ProgressPercent?: number): Task => ({
    Status,
    StatusDetail: statusDetail(replicationTask, id, phase, rule !== 'running'),
    ...(ProgressPercent !== undefined && { ProgressPercent }),
  });
  if (rule === undefined) {
    logger.warn('DMS replication task status not known to the connector: reported IN_PROGRESS', {
      status,
      task: id,
    });
    return state(
      'IN_PROGRESS',
      `status ${status || '(none)'} not known to the connector`,
      progress(replicationTask, loaded),
    );
  }
  if (rule === 'not-started') return state('NOT_STARTED', 'not started');
  if (rule === 'failed') return state('FAILED', 'failed', progress(replicationTask, loaded));
  if (rule === 'running') {
    if (!loaded) return state('IN_PROGRESS', 'full load', progress(replicationTask, loaded));
    const phase =
      replicationTask.MigrationType === 'full-load' ? 'full load finished' : 'ongoing replication';
    return state('IN_PROGRESS', phase, 100);
  }
  if (!everStarted(replicationTask, stopReason)) return state('NOT_STARTED', 'not started');
  const stopRule: DmsStopRule | undefined =
    stopReason === undefined ? 'cutover' : lookUp(DMS_STOP_REASONS, stopReason);
  if (stopRule === undefined) {
    logger.warn('DMS replication task stop reason not known to the connector: reported IN_PROGRESS', {
      stopReason,
      task: id,
    });
    return state(
      'IN_PROGRESS',
      `stop reason ${stopReason} not known to the connector`,
      progress(replicationTask, loaded),
    );
  }
  if (stopRule === 'failed') return state('FAILED', 'stopped by an error', progress(replicationTask, loaded));
  if (stopRule === 'paused' || stopRule === 'restarting' || !loaded) {
    const phase = stopRule === 'restarting' ? 'stopped, DMS restarts it' : 'stopped, to be resumed';
    return state('IN_PROGRESS', phase, progress(replicationTask, loaded));
  }
  // The data is there and the task stopped as planned. A table DMS could not load is data missing.
  const errored = replicationTask.ReplicationTaskStats?.TablesErrored ?? 0;
  if (errored > 0) return state('FAILED', `finished with ${errored} table(s) errored`, 100);
  return state(
    'COMPLETED',
    stopRule === 'completed' ? 'full load finished' : 'cutover: stopped after its load',
    100,
  );
}

function lookUp<Rule>(table: Record<string, Rule>, key: string): Rule | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `Stop Reason FULL_LOAD_ONLY_FINISHED` → `FULL_LOAD_ONLY_FINISHED`; none → undefined. */
function stopReasonName(stopReason: string | undefined): string | undefined {
  const name = stopReason?.replace(/^\s*Stop Reason\s+/i, '').trim();
  return name === '' ? undefined : name;
}

/** A CDC-only task has nothing to load; the others have loaded once DMS dates the load's end. */
function fullLoadFinished(replicationTask: ReplicationTask, stopReason: string | undefined): boolean {
  if (replicationTask.MigrationType === 'cdc') return true;
  if (replicationTask.ReplicationTaskStats?.FullLoadFinishDate !== undefined) return true;
  return stopReason !== undefined && LOADED_STOP_REASONS.has(stopReason);
}

function everStarted(replicationTask: ReplicationTask, stopReason: string | undefined): boolean {
  const stats = replicationTask.ReplicationTaskStats;
  return (
    stopReason !== undefined ||
    stats?.StartDate !== undefined ||
    stats?.FreshStartDate !== undefined ||
    stats?.FullLoadStartDate !== undefined ||
    stats?.StopDate !== undefined
  );
}

/** 100 once loaded; else the full load's percent, whole and within 0-100 (DMS's is an estimate). */
function progress(replicationTask: ReplicationTask, loaded: boolean): number | undefined {
  if (loaded) return 100;
  const percent = replicationTask.ReplicationTaskStats?.FullLoadProgressPercent;
  if (percent === undefined || !Number.isFinite(percent)) return undefined;
  return Math.min(100, Math.max(0, Math.floor(percent)));
}

/** A running task keeps the StopReason of its last stop: it is said only of a task that is not running. */
function statusDetail(replicationTask: ReplicationTask, id: string, phase: string, stopped: boolean): string {
  const stats = replicationTask.ReplicationTaskStats;
  const parts = [
    `${replicationTask.ReplicationTaskIdentifier ?? id}: ${replicationTask.Status ?? 'no status'}`,
    replicationTask.MigrationType ?? 'migration type unknown',
    phase,
  ];
  if (stats !== undefined) {
    parts.push(
      `tables loaded ${stats.TablesLoaded ?? 0}, loading ${stats.TablesLoading ?? 0}, ` +
        `queued ${stats.TablesQueued ?? 0}, errored ${stats.TablesErrored ?? 0}`,
    );
  }
  if (stopped && replicationTask.StopReason) parts.push(`stop reason ${replicationTask.StopReason}`);
  if (replicationTask.LastFailureMessage) parts.push(`last failure: ${replicationTask.LastFailureMessage}`);
  return oneLine(parts.join('; '), MAX_STATUS_DETAIL);
}

/** Well-formed, without line breaks or control characters, at most `max` code points: what the schemas allow. */
export function oneLine(text: string, max: number): string {
  const flat = text.toWellFormed().replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
  const codePoints = Array.from(flat);
  return codePoints.length <= max ? flat : codePoints.slice(0, max).join('');
}

/** The source database's server, as an address or a host name, so a search by either finds the task. */
function resourceAttributes(source: Endpoint | undefined): ResourceAttribute[] {
  const server = source?.ServerName?.trim().replace(/^\[(.*)\]$/, '$1');
  if (!server) return [];
  const Type = isIPv4(server) ? 'IPV4_ADDRESS' : isIPv6(server) ? 'IPV6_ADDRESS' : 'FQDN';
  const attribute = { Type, Value: server };
  return ResourceAttributeShape.safeParse(attribute).success ? [attribute] : [];
}

function endpointSummary(endpoint: Endpoint | undefined): string {
  if (endpoint === undefined) return 'not described';
  const where = [endpoint.ServerName, endpoint.DatabaseName].filter((part) => part).join('/');
  return [endpoint.EngineDisplayName ?? endpoint.EngineName, where].filter((part) => part).join(' ');
}

function createdArtifacts(arn: string | undefined, { target }: ReplicationTaskEndpoints): CreatedArtifact[] {
  if (!arn) return [];
  const name = target?.EndpointIdentifier ?? 'target endpoint';
  const artifact = {
    Name: arn,
    Description: oneLine(`DMS target endpoint ${name}: ${endpointSummary(target)}`, MAX_DESCRIPTION),
  };
  return CreatedArtifactShape.safeParse(artifact).success ? [artifact] : [];
}

function sourceResources(arn: string | undefined, { source }: ReplicationTaskEndpoints) {
  if (!arn) return [];
  const name = source?.EndpointIdentifier ?? arn;
  const resource = {
    Name: oneLine(`DMS source endpoint ${name} (${endpointSummary(source)})`, MAX_SOURCE_RESOURCE_NAME),
    Description: oneLine(arn, MAX_DESCRIPTION),
  };
  return SourceResourceShape.safeParse(resource).success ? [resource] : [];
}
