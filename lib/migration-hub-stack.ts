import { ArnFormat, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { StreamRule } from '../lambda/access/policy';
import type { ConnectorName } from '../lambda/connectors/observation';
import { DEFAULT_POLL_MINUTES } from '../lambda/connectors/settings';
import { ApiFunction } from './api-function';
import { ConnectorFunction } from './connector-function';
import { MaintenanceFunction } from './maintenance-function';
import { MigrationHubApi } from './migration-hub-api';
import { type NotificationTarget, NotificationTopic, StaleTaskNotifications } from './notifications';
import { OperationalAlarms } from './operational-alarms';
import { defaultsOf, type ServiceDefaults } from './service-defaults';
import { SweeperFunction } from './sweeper-function';
import { TaskTable } from './task-table';

/** Every setting of the stack; the README's "Deploy" lists the context names that set them. */
export interface MigrationHubStackProps extends StackProps, ServiceDefaults {
  /**
   * Migration Hub's home region, for every account; writes signed for another region are refused. `null`: none
   * is configured, and each account sets its own with CreateHomeRegionControl (until then, its calls answer
   * HomeRegionNotSetException).
   * @default the stack's region
   */
  readonly homeRegion?: string | null;
  /** @default the deploying account */
  readonly allowedAccounts?: readonly string[];
  /** An AWS Organization (`o-...`) whose accounts may call, instead of a list of accounts. */
  readonly allowedOrganizationId?: string;
  /** Which principals may write (and read) which streams. @default every principal of the calling account */
  readonly streamPermissions?: readonly StreamRule[];
  /** @default 300 requests per second (DEFAULT_THROTTLING) */
  readonly throttlingRateLimit?: number;
  /** @default 600 */
  readonly throttlingBurstLimit?: number;
  /** Days a task's history entries are kept, then deleted by DynamoDB TTL. @default kept as long as the task */
  readonly historyRetentionDays?: number;
  /**
   * Staleness lease shards: each takes about 1,000 lease writes a second. Lowering it later strands no lease.
   * @default 4
   */
  readonly leaseShards?: number;
  /**
   * Connectors that bring AWS's own migration services' progress in (MGN, DMS): their events and a poll.
   * @default none
   */
  readonly connectors?: readonly ConnectorName[];
  /** How often the connectors read every item again. @default 5 (DEFAULT_POLL_MINUTES) */
  readonly connectorPollMinutes?: number;
  /** The EventBridge bus, in this account and region, that receives staleness events. @default 'default' */
  readonly eventBusName?: string;
  /** Use this existing table (one a destroyed stack left) instead of creating one. */
  readonly existingTableName?: string;
  /** DynamoDB deletion protection on the table the stack creates (TaskTable). @default false */
  readonly tableDeletionProtection?: boolean;
  /** Reserve one unit of concurrency for each scheduled Lambda (ScheduledFunction). @default false */
  readonly reservedConcurrency?: boolean;
  /** Set the account's API Gateway CloudWatch Logs role (MigrationHubApi). @default true */
  readonly apiGatewayCloudWatchRole?: boolean;
  /** Who hears every alarm, when it fires and when it clears. @default nobody */
  readonly alarmNotifications?: NotificationTarget;
  /** Who hears every stale and recovered task, as a readable message. @default nobody */
  readonly staleTaskNotifications?: NotificationTarget;
}

/**
 * The Migration Hub migration-task API in one account: API Gateway → Lambda → DynamoDB, with the maintenance
 * and staleness sweeper Lambdas run every minute by EventBridge rules, alarms, and mail for people when asked.
 */
export class MigrationHubStack extends Stack {
  public readonly tasks: TaskTable;
  public readonly apiFunction: ApiFunction;
  public readonly maintenance: MaintenanceFunction;
  public readonly sweeper: SweeperFunction;
  public readonly api: MigrationHubApi;
  public readonly alarms: OperationalAlarms;
  public readonly connectors?: ConnectorFunction;
  public readonly staleTaskNotifications?: StaleTaskNotifications;

  constructor(scope: Construct, id: string, props: MigrationHubStackProps = {}) {
    super(scope, id, props);
    const defaults = defaultsOf(props);
    this.tasks = new TaskTable(this, 'Tasks', {
      ...(props.existingTableName !== undefined && { existingTableName: props.existingTableName }),
      ...(props.removalPolicy !== undefined && { removalPolicy: props.removalPolicy }),
      ...(props.tableDeletionProtection !== undefined && {
        deletionProtection: props.tableDeletionProtection,
      }),
    });
    const table = this.tasks.table;
    const scheduled = { table, ...defaults, ...(props.reservedConcurrency && { reservedConcurrency: true }) };
    const apiSettings = {
      table,
      homeRegion: props.homeRegion === null ? undefined : (props.homeRegion ?? this.region),
      ...(props.historyRetentionDays !== undefined && { historyRetentionDays: props.historyRetentionDays }),
      ...(props.leaseShards !== undefined && { leaseShards: props.leaseShards }),
      ...defaults,
    };
    this.apiFunction = new ApiFunction(this, 'ApiFunction', {
      ...apiSettings,
      ...(props.streamPermissions && { streamPermissions: props.streamPermissions }),
    });
    if (props.connectors?.length) {
      this.connectors = new ConnectorFunction(this, 'Connectors', {
        ...apiSettings,
        connectors: props.connectors,
        pollMinutes: props.connectorPollMinutes ?? DEFAULT_POLL_MINUTES,
      });
    }
    this.maintenance = new MaintenanceFunction(this, 'Maintenance', scheduled);
    const eventBus = EventBus.fromEventBusName(this, 'EventBus', props.eventBusName ?? 'default');
    this.sweeper = new SweeperFunction(this, 'Sweeper', {
      ...scheduled,
      eventBus,
      ...(props.leaseShards !== undefined && { leaseShards: props.leaseShards }),
    });
    this.api = new MigrationHubApi(this, 'Api', {
      handler: this.apiFunction.function,
      ...(props.allowedAccounts && { allowedAccounts: props.allowedAccounts }),
      ...(props.allowedOrganizationId && { allowedOrganizationId: props.allowedOrganizationId }),
      ...(props.throttlingRateLimit !== undefined && { throttlingRateLimit: props.throttlingRateLimit }),
      ...(props.throttlingBurstLimit !== undefined && { throttlingBurstLimit: props.throttlingBurstLimit }),
      ...(props.apiGatewayCloudWatchRole !== undefined && { cloudWatchRole: props.apiGatewayCloudWatchRole }),
      ...defaults,
    });
    const alarmTopic =
      props.alarmNotifications &&
      new NotificationTopic(this, 'AlarmTopic', {
        ...props.alarmNotifications,
        displayName: `${this.stackName} alarms`,
        publisher: {
          service: 'cloudwatch.amazonaws.com',
          sourceArn: this.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      }).topic;
    this.alarms = new OperationalAlarms(this, 'Alarms', {
      api: this.api.api,
      handler: this.apiFunction.function,
      maintenance: this.maintenance.function,
      sweeper: this.sweeper.function,
      ...(this.connectors && { connectors: this.connectors.function }),
      ...(alarmTopic && { topic: alarmTopic }),
    });
    if (props.staleTaskNotifications) {
      const topic = new NotificationTopic(this, 'StaleTaskTopic', {
        ...props.staleTaskNotifications,
        displayName: `${this.stackName} stale tasks`,
      }).topic;
      this.staleTaskNotifications = new StaleTaskNotifications(this, 'StaleTaskNotifications', {
        eventBus,
        topic,
      });
    }

    new CfnOutput(this, 'EndpointUrl', {
      value: this.api.url,
      description: 'The endpoint migration tools call (sign requests for execute-api)',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
