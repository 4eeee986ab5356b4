/**
 * The DMS side of the connector: every replication task of the account and region, described now, with the
 * endpoints it reads and writes. It only reads, with the two calls in DMS_ACTIONS. Throttling and access denied
 * (after the SDK's own retries) reach the caller, which logs and counts them; a task or endpoint DMS no longer
 * knows is simply not observed.
 */
import {
  type DatabaseMigrationServiceClient,
  type Endpoint,
  type Filter,
  paginateDescribeEndpoints,
  paginateDescribeReplicationTasks,
  type ReplicationTask,
} from '@aws-sdk/client-database-migration-service';
import { CONNECTOR_ACTIONS, CONNECTOR_EVENTS } from '../catalog';
import type { ConnectorSource, Observation, ServiceEvent, SourceLogger } from '../observation';
import { observeReplicationTask } from './replication-task';

/** The IAM actions the source calls: the connector's role is granted exactly these. */
export const DMS_ACTIONS = CONNECTOR_ACTIONS.dms;

/** The EventBridge `source` of DMS's events. */
export const DMS_EVENT_SOURCE = CONNECTOR_EVENTS.dms.source;

/**
 * The detail-types that name a replication task in `resources`, per the EventBridge event reference's list for
 * DMS (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-dms.html) and the sample event of the DMS
 * user guide (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_EventBridge.html). The others are about
 * replication instances, endpoints, serverless replications and homogeneous data migrations: not tasks.
 */
export const DMS_TASK_EVENT_TYPES = CONNECTOR_EVENTS.dms.detailTypes;

/** DescribeReplicationTasks' and DescribeEndpoints' largest page. */
const PAGE_SIZE = 100;

/** `arn:PARTITION:dms:REGION:ACCOUNT:task:ID` */
const TASK_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:task:[^:]+$/;

export interface DmsSourceOptions {
  readonly client: DatabaseMigrationServiceClient;
  /** The region the client reads: an event from another one names a task it cannot describe. */
  readonly region: string;
  readonly logger: SourceLogger;
}

export class DmsSource implements ConnectorSource {
  readonly name = 'dms';
  readonly #client: DatabaseMigrationServiceClient;
  readonly #region: string;
  readonly #logger: SourceLogger;

  constructor({ client, region, logger }: DmsSourceOptions) {
    this.#client = client;
    this.#region = region;
    this.#logger = onceLogger(logger);
  }

  async *observeAll(nowSeconds: number): AsyncIterable<Observation> {
    // Once per poll: tasks share endpoints, and a poll is a moment.
    const endpoints = await this.#endpoints();
    for await (const replicationTask of this.#replicationTasks()) {
      const observation = this.#observe(replicationTask, endpoints, nowSeconds);
      if (observation) yield observation;
    }
  }

  async observeEvent(event: ServiceEvent, nowSeconds: number): Promise<readonly Observation[]> {
    const about = { 'detail-type': event['detail-type'], resources: event.resources };
    if (
      event.source !== DMS_EVENT_SOURCE ||
      !(DMS_TASK_EVENT_TYPES as readonly string[]).includes(event['detail-type'])
    ) {
      this.#logger.info('DMS event ignored: it is not about a replication task', about);
      return [];
    }
    if (event.region !== this.#region) {
      this.#logger.info('DMS event ignored: it is from another region than the connector reads', {
        ...about,
        region: event.region,
      });
      return [];
    }
    const arns = event.resources.filter((resource) => TASK_ARN.test(resource));
    if (arns.length === 0) {
      this.#logger.info('DMS event ignored: it names no replication task', about);
      return [];
    }
    const tasks: ReplicationTask[] = [];
    for await (const replicationTask of this.#replicationTasks([
      { Name: 'replication-task-arn', Values: arns },
    ])) {
      tasks.push(replicationTask);
    }
    const endpointArns = [
      ...new Set(tasks.flatMap((task) => [task.SourceEndpointArn, task.TargetEndpointArn]).filter(isString)),
    ];
    const endpoints =
      endpointArns.length === 0
        ? new Map<string, Endpoint>()
        : await this.#endpoints([{ Name: 'endpoint-arn', Values: endpointArns }]);
    return tasks.flatMap((task) => this.#observe(task, endpoints, nowSeconds) ?? []);
  }

  #observe(
    replicationTask: ReplicationTask,
    endpoints: ReadonlyMap<string, Endpoint>,
    nowSeconds: number,
  ): Observation | undefined {
    const endpoint = (arn: string | undefined) => (arn === undefined ? undefined : endpoints.get(arn));
    return observeReplicationTask(
      replicationTask,
      {
        source: endpoint(replicationTask.SourceEndpointArn),
        target: endpoint(replicationTask.TargetEndpointArn),
      },
      { nowSeconds, logger: this.#logger },
    );
  }

  async *#replicationTasks(Filters?: Filter[]): AsyncIterable<ReplicationTask> {
    const pages = paginateDescribeReplicationTasks(
      { client: this.#client, pageSize: PAGE_SIZE },
      // Without settings: the task's JSON settings and table mappings are large and say nothing of progress.
      { WithoutSettings: true, ...(Filters && { Filters }) },
    );
    for await (const page of noneIfNotFound(pages)) yield* page.ReplicationTasks ?? [];
  }

  async #endpoints(Filters?: Filter[]): Promise<Map<string, Endpoint>> {
    const endpoints = new Map<string, Endpoint>();
    const pages = paginateDescribeEndpoints(
      { client: this.#client, pageSize: PAGE_SIZE },
      Filters ? { Filters } : {},
    );
    for await (const page of noneIfNotFound(pages)) {
      for (const endpoint of page.Endpoints ?? []) {
        if (endpoint.EndpointArn) endpoints.set(endpoint.EndpointArn, endpoint);
      }
    }
    return endpoints;
  }
}

/**
 * DMS answers a describe that matches nothing (no tasks yet, a task deleted since its event) with
 * ResourceNotFoundFault rather than an empty page: there is nothing to observe.
 */
async function* noneIfNotFound<Page>(pages: AsyncIterable<Page>): AsyncIterable<Page> {
  try {
    yield* pages;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundFault') return;
    throw error;
  }
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * Each distinct warning once per process: an unknown status is met by every poll, and one line says it. Info
 * lines pass through.
 */
function onceLogger(logger: SourceLogger): SourceLogger {
  const warned = new Set<string>();
  return {
    info: (message, fields) => logger.info(message, fields),
    warn(message, fields) {
      const key = `${message}\u0000${JSON.stringify(fields ?? {})}`;
      if (warned.has(key)) return;
      warned.add(key);
      logger.warn(message, fields);
    },
  };
}
