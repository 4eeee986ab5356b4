/**
 * The MGN side of a connector: every active source server of the account and region, and the one an MGN
 * EventBridge event names, described through `@aws-sdk/client-mgn` and mapped by `source-server.ts`. It only
 * reads (MGN_ACTIONS).
 */
import {
  type Application,
  DescribeSourceServersCommand,
  type Job,
  type MgnClient,
  paginateDescribeJobs,
  paginateDescribeSourceServers,
  paginateListApplications,
  paginateListWaves,
  type SourceServer,
} from '@aws-sdk/client-mgn';
import { CONNECTOR_ACTIONS, CONNECTOR_EVENTS } from '../catalog';
import type { ConnectorSource, Observation, ServiceEvent, SourceLogger } from '../observation';
import {
  currentLaunch,
  type FailedLaunch,
  type MgnGroup,
  observeSourceServer,
  parseSourceServerArn,
} from './source-server';

/** The IAM actions this source calls, and the only ones the connector's role is granted for MGN. */
export const MGN_ACTIONS = CONNECTOR_ACTIONS.mgn;

export const MGN_EVENT_SOURCE = CONNECTOR_EVENTS.mgn.source;

/** The MGN events that name a source server whose state may have changed (MGN user guide, "Event samples"). */
export const MGN_EVENT_DETAIL_TYPES = CONNECTOR_EVENTS.mgn.detailTypes;

export interface MgnSourceOptions {
  readonly client: MgnClient;
  /** The region the client reads (instance ARNs of servers whose own ARN names none). */
  readonly region: string;
  readonly logger: SourceLogger;
}

/** DescribeJobs takes at most 1,000 job ids per request. */
const JOB_IDS_PER_REQUEST = 1000;

export class MgnSource implements ConnectorSource {
  readonly name = 'mgn';
  private readonly client: MgnClient;
  private readonly region: string;
  private readonly logger: SourceLogger;
  private warnedUninitialized = false;

  constructor({ client, region, logger }: MgnSourceOptions) {
    this.client = client;
    this.region = region;
    this.logger = logger;
  }

  /**
   * Archived servers are left out: MGN's user guide has them archived once their migration is done (after the
   * finalized cutover), so their last state is already in the hub, and skipping them keeps a poll's cost to the
   * migrations still running.
   */
  async *observeAll(nowSeconds: number): AsyncIterable<Observation> {
    try {
      const groups = await this.readGroups('all');
      const filters = { isArchived: false };
      for await (const page of paginateDescribeSourceServers({ client: this.client }, { filters })) {
        const servers = page.items ?? [];
        const failed = await this.failedLaunches(servers);
        for (const server of servers) {
          const observation = this.observe(
            server,
            nowSeconds,
            groups,
            failed.get(server.sourceServerID ?? ''),
          );
          if (observation) yield observation;
        }
      }
    } catch (error) {
      if (!this.uninitialized(error)) throw error;
    }
  }

  /**
   * The server the event names, described now: the event is only a hint. A launch-result event saying the launch
   * failed makes the task FAILED when that launch is still the server's latest (a later launch supersedes it),
   * reported at `nowSeconds` rather than the event's time, so a poll that read the server between the two
   * cannot outrank it.
   */
  async observeEvent(event: ServiceEvent, nowSeconds: number): Promise<readonly Observation[]> {
    const arn = parseSourceServerArn(event.resources[0]);
    if (event.source !== MGN_EVENT_SOURCE || !isMgnDetailType(event['detail-type']) || arn === undefined) {
      this.logger.info('MGN connector ignored an event it does not track', {
        source: event.source,
        detailType: event['detail-type'],
        resources: event.resources,
      });
      return [];
    }
    try {
      const { items = [] } = await this.client.send(
        new DescribeSourceServersCommand({ filters: { sourceServerIDs: [arn.sourceServerId] } }),
      );
      const server = items.find((item) => item.sourceServerID === arn.sourceServerId);
      if (server === undefined) {
        this.logger.info('MGN event names a source server MGN no longer describes', {
          resources: event.resources,
        });
        return [];
      }
      const groups = await this.readGroups({ applicationID: server.applicationID });
      const failed =
        (await this.failedLaunches([server])).get(arn.sourceServerId) ?? eventFailure(event, server);
      const observation = this.observe(server, nowSeconds, groups, failed, event.account);
      return observation ? [observation] : [];
    } catch (error) {
      if (!this.uninitialized(error)) throw error;
      return [];
    }
  }

  private observe(
    server: SourceServer,
    nowSeconds: number,
    groups: Groups,
    failedLaunch: FailedLaunch | undefined,
    accountId?: string,
  ): Observation | undefined {
    const application =
      server.applicationID === undefined ? undefined : groups.applications.get(server.applicationID);
    const waveId = application?.waveID;
    return observeSourceServer(server, {
      region: this.region,
      nowSeconds,
      logger: this.logger,
      ...(accountId !== undefined && { accountId }),
      ...(server.applicationID !== undefined && {
        application: group(server.applicationID, application?.name),
      }),
      ...(waveId !== undefined && { wave: group(waveId, groups.waves.get(waveId)) }),
      ...(failedLaunch !== undefined && { failedLaunch }),
    });
  }

  /**
   * Applications and waves, read once per poll to name what a server belongs to; for an event, only the
   * server's application and its wave (none when it belongs to none).
   */
  private async readGroups(scope: 'all' | { readonly applicationID: string | undefined }): Promise<Groups> {
    const applications = new Map<string, Application>();
    const waves = new Map<string, string | undefined>();
    if (scope !== 'all' && scope.applicationID === undefined) return { applications, waves };
    const applicationInput =
      scope === 'all' ? {} : { filters: { applicationIDs: [scope.applicationID ?? ''] } };
    for await (const page of paginateListApplications({ client: this.client }, applicationInput)) {
      for (const item of page.items ?? []) if (item.applicationID) applications.set(item.applicationID, item);
    }
    const waveID = scope === 'all' ? undefined : applications.get(scope.applicationID ?? '')?.waveID;
    if (scope !== 'all' && waveID === undefined) return { applications, waves };
    const waveInput = waveID === undefined ? {} : { filters: { waveIDs: [waveID] } };
    for await (const page of paginateListWaves({ client: this.client }, waveInput)) {
      for (const item of page.items ?? []) if (item.waveID) waves.set(item.waveID, item.name);
    }
    return { applications, waves };
  }

  /**
   * The servers whose latest launch MGN's job says FAILED. DescribeSourceServers cannot say it (firstBoot is
   * WAITING, SUCCEEDED, UNKNOWN or STOPPED), the launch job can: without this, a poll would report the failed
   * server IN_PROGRESS again right after the launch-result event made it FAILED.
   */
  private async failedLaunches(servers: readonly SourceServer[]): Promise<Map<string, FailedLaunch>> {
    const launches = new Map<string, { kind: 'test' | 'cutover'; server: string }>();
    for (const server of servers) {
      const launch = currentLaunch(server);
      const state = server.lifeCycle?.state;
      if (launch && server.sourceServerID && state !== 'CUTOVER' && state !== 'DISCONNECTED') {
        launches.set(launch.jobId, { kind: launch.kind, server: server.sourceServerID });
      }
    }
    const failed = new Map<string, FailedLaunch>();
    const jobIDs = [...launches.keys()];
    for (let start = 0; start < jobIDs.length; start += JOB_IDS_PER_REQUEST) {
      const filters = { jobIDs: jobIDs.slice(start, start + JOB_IDS_PER_REQUEST) };
      for await (const page of paginateDescribeJobs({ client: this.client }, { filters })) {
        for (const job of page.items ?? []) {
          const launch = launches.get(job.jobID ?? '');
          if (launch && launchFailed(job, launch.server)) {
            failed.set(launch.server, { kind: launch.kind, jobId: job.jobID });
          }
        }
      }
    }
    return failed;
  }

  /** MGN not initialized in this region: nothing to observe, said once (a warning, not an error). */
  private uninitialized(error: unknown): boolean {
    if (!(error instanceof Error) || error.name !== 'UninitializedAccountException') return false;
    if (!this.warnedUninitialized) {
      this.warnedUninitialized = true;
      this.logger.warn('MGN is not initialized in this region: the MGN connector observes nothing', {
        region: this.region,
      });
    }
    return true;
  }
}

interface Groups {
  readonly applications: ReadonlyMap<string, Application>;
  readonly waves: ReadonlyMap<string, string | undefined>;
}

function group(id: string, name: string | undefined): MgnGroup {
  return name ? { id, name } : { id };
}

function isMgnDetailType(detailType: string): boolean {
  return (MGN_EVENT_DETAIL_TYPES as readonly string[]).includes(detailType);
}

function launchFailed(job: Job, sourceServerID: string): boolean {
  return (job.participatingServers ?? []).some(
    (participant) => participant.sourceServerID === sourceServerID && participant.launchStatus === 'FAILED',
  );
}

/**
 * The user guide's sample events carry their values wrapped in `*` (its Markdown emphasis leaked into the JSON);
 * unwrapping costs nothing and lets those samples be tested as published.
 */
function detailString(event: ServiceEvent, member: string): string | undefined {
  const value = event.detail[member];
  return typeof value === 'string' ? value.replace(/^\*(.*)\*$/su, '$1') : undefined;
}

/** A launch-result event's failure, when the launch it reports is still the server's latest. */
function eventFailure(event: ServiceEvent, server: SourceServer): FailedLaunch | undefined {
  if (event['detail-type'] !== 'MGN Source Server Launch Result') return undefined;
  const state = detailString(event, 'state');
  const kind =
    state === 'TEST_LAUNCH_FAILED' ? 'test' : state === 'CUTOVER_LAUNCH_FAILED' ? 'cutover' : undefined;
  if (kind === undefined) return undefined;
  const jobId = detailString(event, 'job-id');
  const latest = currentLaunch(server);
  if (jobId !== undefined && latest !== undefined && latest.jobId !== jobId) return undefined;
  return jobId === undefined ? { kind } : { kind, jobId };
}
