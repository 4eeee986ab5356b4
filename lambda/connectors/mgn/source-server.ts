/**
 * One Application Migration Service (MGN) source server, as DescribeSourceServers gives it, in the hub's terms: a
 * task named after the server in the `MGN` stream of the account that owns it. Pure: the source (`mgn-source.ts`)
 * reads MGN and decides which launch failed; this module only maps.
 *
 * The states are the API reference's (`LifeCycle.state`, `DataReplicationInfo.dataReplicationState`) and their
 * meaning the user guide's "Migration lifecycle" and FinalizeCutover pages. States the SDK does not list yet
 * (services add them) map to IN_PROGRESS, named in StatusDetail and logged, never a crash.
 */
import { isIP } from 'node:net';
import {
  DataReplicationState,
  type DataReplicationState as DataReplicationStateName,
  LifeCycleState,
  type LifeCycleState as LifeCycleStateName,
  type SourceServer,
} from '@aws-sdk/client-mgn';
import type { SourceResource } from '../../model/resources';
import type { MigrationStatus } from '../../model/status';
import type { CreatedArtifact, ResourceAttribute, Task } from '../../model/task';
import {
  CreatedArtifact as CreatedArtifactShape,
  MigrationTaskName,
  ResourceAttribute as ResourceAttributeShape,
  SourceResource as SourceResourceShape,
} from '../../operations/shapes';
import type { Observation, SourceLogger } from '../observation';

/** The progress update stream every MGN source server's task is in. */
export const MGN_STREAM = 'MGN';

export interface LifecycleRule {
  readonly status: MigrationStatus;
  /**
   * How ProgressPercent is computed: `bytes` from the replicated disks (the initial sync), `complete` 100 (the
   * server is replicated: MGN can launch it), `none` not reported.
   */
  readonly progress: 'bytes' | 'complete' | 'none';
  /** The status instead, when the cutover was finalized before this state (`lifeCycle.lastCutover.finalized`). */
  readonly afterFinalizedCutover?: MigrationStatus;
}

/**
 * Every lifecycle state to its Migration Hub status. COMPLETED is CUTOVER ("Cutover complete"), which only
 * FinalizeCutover sets: until then a cutover can still be reverted (CUTTING_OVER and its instance are a
 * cutover in progress). DISCONNECTED (DisconnectFromService: replication stopped, replicated data deleted) is
 * COMPLETED when the cutover had been finalized first, and otherwise FAILED: the server left MGN unmigrated.
 */
export const LIFECYCLE_STATUS = {
  DISCOVERED: { status: 'NOT_STARTED', progress: 'none' },
  PENDING_INSTALLATION: { status: 'NOT_STARTED', progress: 'none' },
  NOT_READY: { status: 'IN_PROGRESS', progress: 'bytes' },
  STOPPED: { status: 'IN_PROGRESS', progress: 'bytes' },
  READY_FOR_TEST: { status: 'IN_PROGRESS', progress: 'complete' },
  TESTING: { status: 'IN_PROGRESS', progress: 'complete' },
  READY_FOR_CUTOVER: { status: 'IN_PROGRESS', progress: 'complete' },
  CUTTING_OVER: { status: 'IN_PROGRESS', progress: 'complete' },
  CUTOVER: { status: 'COMPLETED', progress: 'complete' },
  DISCONNECTED: { status: 'FAILED', progress: 'none', afterFinalizedCutover: 'COMPLETED' },
} as const satisfies Record<LifeCycleStateName, LifecycleRule>;

/** What a lifecycle state the SDK does not list maps to: the migration goes on, MGN said something new. */
export const UNKNOWN_LIFECYCLE_RULE: LifecycleRule = { status: 'IN_PROGRESS', progress: 'none' };

/**
 * Every data replication state, and whether it stalls the task. No replication state is a failure: STALLED is
 * one MGN leaves by itself once its cause is fixed (the "Data Replication Stalled Change" event says
 * NOT_STALLED then), so the task shows as stale, not FAILED, while it lasts.
 */
export const REPLICATION_STALLS = {
  INITIATING: false,
  INITIAL_SYNC: false,
  BACKLOG: false,
  CREATING_SNAPSHOT: false,
  CONTINUOUS: false,
  PAUSED: false,
  RESCAN: false,
  STALLED: true,
  STOPPED: false,
  DISCONNECTED: false,
  PENDING_SNAPSHOT_SHIPPING: false,
  SHIPPING_SNAPSHOT: false,
} as const satisfies Record<DataReplicationStateName, boolean>;

/** An MGN application or wave, by id and (when it could be read) name. */
export interface MgnGroup {
  readonly id: string;
  readonly name?: string;
}

/** A launch of the server (test or cutover) MGN reports failed. */
export interface FailedLaunch {
  readonly kind: 'test' | 'cutover';
  readonly jobId?: string;
}

export interface SourceServerContext {
  /** The connector's region: the instance ARN's when the server's own ARN has none. */
  readonly region: string;
  /** The account when the server's ARN names none (an event's account). */
  readonly accountId?: string;
  readonly nowSeconds: number;
  readonly application?: MgnGroup;
  readonly wave?: MgnGroup;
  /** The server's current launch, when MGN says it failed: the task is FAILED unless the cutover was finalized. */
  readonly failedLaunch?: FailedLaunch;
  readonly logger: Pick<SourceLogger, 'warn'>;
}

const SOURCE_SERVER_ARN = /^arn:([a-z-]+):mgn:([a-z0-9-]*):([0-9]{12}):source-server\/(s-[0-9a-zA-Z]+)$/;

/** The parts of a source server's ARN (`arn:aws:mgn:REGION:ACCOUNT:source-server/s-…`), if it is one. */
export function parseSourceServerArn(
  arn: string | undefined,
): { partition: string; region: string; accountId: string; sourceServerId: string } | undefined {
  const match = arn === undefined ? null : SOURCE_SERVER_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = 'aws', region = '', accountId = '', sourceServerId = ''] = match;
  return { partition, region, accountId, sourceServerId };
}

/**
 * The server's latest launch (test or cutover), from its lifecycle: the one a failure would be about. The later
 * initiation wins, so a cutover after a failed test is judged by the cutover.
 */
export function currentLaunch(server: SourceServer): { kind: 'test' | 'cutover'; jobId: string } | undefined {
  const test = server.lifeCycle?.lastTest?.initiated;
  const cutover = server.lifeCycle?.lastCutover?.initiated;
  const testAt = Date.parse(test?.apiCallDateTime ?? '') || 0;
  const cutoverAt = Date.parse(cutover?.apiCallDateTime ?? '') || 0;
  if (cutover?.jobID && (cutoverAt >= testAt || !test?.jobID))
    return { kind: 'cutover', jobId: cutover.jobID };
  if (test?.jobID) return { kind: 'test', jobId: test.jobID };
  return undefined;
}

/** The observation of one source server, or undefined (logged) when it names no task the hub could hold. */
export function observeSourceServer(
  server: SourceServer,
  context: SourceServerContext,
): Observation | undefined {
  const arn = parseSourceServerArn(server.arn);
  const task = server.sourceServerID ?? arn?.sourceServerId;
  const accountId = arn?.accountId ?? context.accountId;
  if (task === undefined || !MigrationTaskName.safeParse(task).success || accountId === undefined) {
    context.logger.warn('MGN source server skipped: no usable id or account', {
      sourceServerID: server.sourceServerID,
      arn: server.arn,
    });
    return undefined;
  }
  const where = { partition: arn?.partition ?? 'aws', region: arn?.region || context.region, accountId };
  return {
    key: { accountId, stream: MGN_STREAM, task },
    task: taskOf(server, context),
    stalled: server.dataReplicationInfo?.dataReplicationState === DataReplicationState.STALLED,
    observedAtSeconds: context.nowSeconds,
    resourceAttributes: resourceAttributes(server),
    createdArtifacts: createdArtifacts(server, where),
    sourceResources: sourceResources(context),
  };
}

function isKnown<T extends string>(values: Record<string, T>, value: string): value is T {
  return (Object.values(values) as string[]).includes(value);
}

function taskOf(server: SourceServer, context: SourceServerContext): Task {
  const state = server.lifeCycle?.state as string | undefined;
  const replication = server.dataReplicationInfo?.dataReplicationState as string | undefined;
  const notes: string[] = [];
  let rule: LifecycleRule;
  if (state !== undefined && isKnown(LifeCycleState, state)) {
    rule = LIFECYCLE_STATUS[state];
  } else {
    rule = UNKNOWN_LIFECYCLE_RULE;
    notes.push(state === undefined ? 'no lifecycle state reported' : `unknown lifecycle state ${state}`);
    context.logger.warn('MGN lifecycle state not known to this connector', {
      sourceServerID: server.sourceServerID,
      state,
    });
  }
  if (replication !== undefined && !isKnown(DataReplicationState, replication)) {
    notes.push(`unknown replication state ${replication}`);
    context.logger.warn('MGN data replication state not known to this connector', {
      sourceServerID: server.sourceServerID,
      state: replication,
    });
  }
  const finalized = server.lifeCycle?.lastCutover?.finalized !== undefined;
  let status = (finalized && rule.afterFinalizedCutover) || rule.status;
  const failed = context.failedLaunch;
  if (failed && state !== LifeCycleState.CUTOVER && !finalized) {
    status = 'FAILED';
    notes.push(`${failed.kind} launch failed${failed.jobId ? ` (job ${failed.jobId})` : ''}`);
  }
  const progress =
    status === 'COMPLETED' || rule.progress === 'complete'
      ? 100
      : rule.progress === 'bytes'
        ? replicatedPercent(server)
        : undefined;
  return {
    Status: status,
    StatusDetail: statusDetail(server, notes),
    ...(progress !== undefined && { ProgressPercent: progress }),
  };
}

/**
 * The share of the source's disks replicated, floored so 100 means all of it; undefined while MGN knows no
 * disk sizes (before the initial sync starts, or after FinalizeCutover zeroes them).
 */
export function replicatedPercent(server: SourceServer): number | undefined {
  let replicated = 0;
  let total = 0;
  for (const disk of server.dataReplicationInfo?.replicatedDisks ?? []) {
    const diskTotal = finite(disk.totalStorageBytes);
    total += diskTotal;
    replicated += Math.min(finite(disk.replicatedStorageBytes), diskTotal);
  }
  if (total <= 0) return undefined;
  return Math.min(100, Math.floor((replicated / total) * 100));
}

function finite(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function statusDetail(server: SourceServer, notes: readonly string[]): string {
  const info = server.dataReplicationInfo;
  const parts = [
    `MGN lifecycle ${server.lifeCycle?.state ?? 'unknown'}`,
    info?.dataReplicationState && `replication ${info.dataReplicationState}`,
    info?.lagDuration && `lag ${info.lagDuration}`,
    info?.etaDateTime && `ETA ${info.etaDateTime}`,
    info?.dataReplicationError?.error &&
      `replication error ${info.dataReplicationError.error}${
        info.dataReplicationError.rawError ? `: ${info.dataReplicationError.rawError}` : ''
      }`,
    ...notes,
  ];
  return oneLine(parts.filter(Boolean).join('; '), 2500);
}

/** Well-formed, no line terminators (the model's `.`), at most `max` code points. */
export function oneLine(value: string, max: number): string {
  const flat = value.toWellFormed().replace(/[\r\n\u2028\u2029]+/gu, ' ');
  const points = Array.from(flat);
  return points.length <= max ? flat : `${points.slice(0, max - 1).join('')}…`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGED_OBJECT_REFERENCE = /^vm-[0-9]+$/;

/**
 * What identifies the source, as many as pass the operations' own schema (a strange value is dropped, never a
 * refused write). vmWareUuid is the VM's BIOS UUID the agent reads in the guest (a UUID: BIOS_ID); a vCenter
 * managed object reference (`vm-123`) is kept as one. VM_PATH counts for search only beside VM_MANAGER_ID, the
 * vCenter client MGN reads the VM through. Addresses come last, so a server with more than 100 of them loses
 * addresses to the cap, never its name or VM identity.
 */
export function resourceAttributes(server: SourceServer): ResourceAttribute[] {
  const hints = server.sourceProperties?.identificationHints;
  const candidates: ResourceAttribute[] = [];
  const add = (Type: string, Value: string | undefined) => {
    if (Value !== undefined) candidates.push({ Type, Value });
  };
  add('FQDN', hints?.fqdn);
  add('FQDN', hints?.hostname);
  const uuid = hints?.vmWareUuid;
  if (uuid !== undefined && UUID.test(uuid)) add('BIOS_ID', uuid);
  if (uuid !== undefined && MANAGED_OBJECT_REFERENCE.test(uuid)) add('VM_MANAGED_OBJECT_REFERENCE', uuid);
  add('VM_PATH', hints?.vmPath);
  add('VM_MANAGER_ID', server.vcenterClientID);
  for (const nic of server.sourceProperties?.networkInterfaces ?? []) {
    add('MAC_ADDRESS', nic.macAddress);
    for (const ip of nic.ips ?? []) add(isIP(ip) === 6 ? 'IPV6_ADDRESS' : 'IPV4_ADDRESS', ip);
  }
  const seen = new Set<string>();
  return candidates
    .filter((attribute) => {
      const key = `${attribute.Type}\u0000${attribute.Value}`;
      if (seen.has(key) || !ResourceAttributeShape.safeParse(attribute).success) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 100);
}

const INSTANCE_ID = /^i-[0-9a-fA-F]{8,}$/;

function createdArtifacts(
  server: SourceServer,
  where: { partition: string; region: string; accountId: string },
): CreatedArtifact[] {
  const instance = server.launchedInstance;
  const id = instance?.ec2InstanceID;
  if (id === undefined || !INSTANCE_ID.test(id)) return [];
  const cutoverJob = server.lifeCycle?.lastCutover?.initiated?.jobID;
  const kind =
    (instance?.jobID !== undefined && instance.jobID === cutoverJob) ||
    (instance?.jobID === undefined && /^(CUTTING_OVER|CUTOVER)$/.test(server.lifeCycle?.state ?? ''))
      ? 'cutover'
      : 'test';
  const artifact = {
    Name: `arn:${where.partition}:ec2:${where.region}:${where.accountId}:instance/${id}`,
    Description: oneLine(
      `MGN ${kind} instance${instance?.jobID ? ` (job ${instance.jobID})` : ''}${
        instance?.firstBoot ? `, first boot ${instance.firstBoot}` : ''
      }`,
      500,
    ),
  };
  return CreatedArtifactShape.safeParse(artifact).success ? [artifact] : [];
}

function sourceResources(context: SourceServerContext): SourceResource[] {
  const groups: Array<[string, MgnGroup | undefined]> = [
    ['application', context.application],
    ['wave', context.wave],
  ];
  return groups.flatMap(([kind, group]) => {
    if (group === undefined) return [];
    const resource = {
      Name: oneLine(`MGN ${kind} ${group.name || group.id}`, 1600),
      Description: oneLine(`MGN ${kind} ${group.id}`, 500),
    };
    return SourceResourceShape.safeParse(resource).success ? [resource] : [];
  });
}
