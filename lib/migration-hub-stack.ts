import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StreamRule } from '../lambda/access/policy';
import { ApiFunction } from './api-function';
import { MaintenanceFunction } from './maintenance-function';
import { MigrationHubApi } from './migration-hub-api';
import { OperationalAlarms } from './operational-alarms';
import { SweeperFunction } from './sweeper-function';
import { TaskTable } from './task-table';

export interface MigrationHubStackProps extends StackProps {
  /**
   * Migration Hub's home region; calls signed for another region are refused. `null`: no home region is set
   * (every call answers HomeRegionNotSetException).
   * @default the stack's region
   */
  readonly homeRegion?: string | null;
  /** @default the deploying account */
  readonly allowedAccounts?: readonly string[];
  /** An AWS Organization (`o-...`) whose accounts may call, instead of a list of accounts. */
  readonly allowedOrganizationId?: string;
  /** Which principals may write (and read) which streams. @default every principal of the calling account */
  readonly streamPermissions?: readonly StreamRule[];
  /** @default 100 requests per second */
  readonly throttlingRateLimit?: number;
  /** @default 200 */
  readonly throttlingBurstLimit?: number;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** The EventBridge bus, in this account and region, that receives staleness events. @default 'default' */
  readonly eventBusName?: string;
  /**
   * What happens to the table and the logs when the stack is deleted. DESTROY suits throwaway sandboxes only.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The Migration Hub migration-task API in one account: API Gateway → Lambda → DynamoDB, with the maintenance
 * and staleness sweeper Lambdas run every minute by EventBridge rules.
 */
export class MigrationHubStack extends Stack {
  public readonly tasks: TaskTable;
  public readonly apiFunction: ApiFunction;
  public readonly maintenance: MaintenanceFunction;
  public readonly sweeper: SweeperFunction;
  public readonly api: MigrationHubApi;
  public readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: MigrationHubStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.tasks = new TaskTable(this, 'Tasks', { removalPolicy });
    this.apiFunction = new ApiFunction(this, 'ApiFunction', {
      table: this.tasks.table,
      homeRegion: props.homeRegion === null ? undefined : (props.homeRegion ?? this.region),
      ...(props.streamPermissions && { streamPermissions: props.streamPermissions }),
      ...(props.logRetention && { logRetention: props.logRetention }),
      logRemovalPolicy: removalPolicy,
    });
    this.maintenance = new MaintenanceFunction(this, 'Maintenance', {
      table: this.tasks.table,
      ...(props.logRetention && { logRetention: props.logRetention }),
      logRemovalPolicy: removalPolicy,
    });
    this.sweeper = new SweeperFunction(this, 'Sweeper', {
      table: this.tasks.table,
      eventBus: EventBus.fromEventBusName(this, 'EventBus', props.eventBusName ?? 'default'),
      ...(props.logRetention && { logRetention: props.logRetention }),
      logRemovalPolicy: removalPolicy,
    });
    this.api = new MigrationHubApi(this, 'Api', {
      handler: this.apiFunction.function,
      ...(props.allowedAccounts && { allowedAccounts: props.allowedAccounts }),
      ...(props.allowedOrganizationId && { allowedOrganizationId: props.allowedOrganizationId }),
      ...(props.throttlingRateLimit !== undefined && { throttlingRateLimit: props.throttlingRateLimit }),
      ...(props.throttlingBurstLimit !== undefined && { throttlingBurstLimit: props.throttlingBurstLimit }),
      ...(props.logRetention && { logRetention: props.logRetention }),
      logRemovalPolicy: removalPolicy,
    });
    this.alarms = new OperationalAlarms(this, 'Alarms', {
      api: this.api.api,
      handler: this.apiFunction.function,
      maintenance: this.maintenance.function,
      sweeper: this.sweeper.function,
    });

    new CfnOutput(this, 'EndpointUrl', {
      value: this.api.url,
      description: 'The endpoint migration tools call (sign requests for execute-api)',
    });
    new CfnOutput(this, 'TableName', { value: this.tasks.table.tableName });
  }
}
