import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { StreamPermissions, type StreamRule } from '../lambda/access/policy';
import { METRICS_NAMESPACE } from '../lambda/observability/powertools';
import { defaultsOf, type ServiceDefaults } from './service-defaults';
import { ServiceFunction } from './service-function';

/** The DynamoDB actions the API handler uses (DynamoDbTaskStore, DynamoDbApplicationStore), and no others. */
export const API_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
];

export interface ApiFunctionProps extends ServiceDefaults {
  readonly table: ITable;
  /**
   * Migration Hub's home region, for every account; undefined: none is configured, and each account sets its own
   * with CreateHomeRegionControl.
   */
  readonly homeRegion: string | undefined;
  readonly streamPermissions?: readonly StreamRule[];
  /** Days a task's history entries are kept, then deleted by DynamoDB TTL. @default kept as long as the task */
  readonly historyRetentionDays?: number;
  /** Lease shards (DEFAULT_LEASE_SHARDS unless set): the sweeper must be given the same. */
  readonly leaseShards?: number;
}

/** What the API handler reads (lambda/api/environment.ts): the connector Lambda, which runs it too, gets the same. */
export function apiEnvironment(props: Omit<ApiFunctionProps, 'table'>): Record<string, string> {
  return {
    MGH_HOME_REGION: props.homeRegion ?? '',
    ...(props.streamPermissions?.length && {
      MGH_STREAM_PERMISSIONS: JSON.stringify(props.streamPermissions),
    }),
    ...(props.historyRetentionDays !== undefined && {
      MGH_HISTORY_RETENTION_DAYS: String(props.historyRetentionDays),
    }),
    ...(props.leaseShards !== undefined && { MGH_LEASE_SHARDS: String(props.leaseShards) }),
  };
}

/** The API Lambda (lambda/api/handler.ts), with the service's Lambda defaults (ServiceFunction). */
export class ApiFunction extends ServiceFunction {
  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    // The Lambda checks its rules at cold start; checked here too, a bad rule fails synth instead of every call.
    new StreamPermissions(props.streamPermissions);
    super(scope, id, {
      entry: 'api/handler.ts',
      table: props.table,
      tableActions: API_TABLE_ACTIONS,
      memorySize: 512,
      // API Gateway gives up after 29 s; storage calls time out in seconds (lambda/store/dynamodb-client.ts).
      timeout: Duration.seconds(15),
      environment: { ...apiEnvironment(props), POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE },
      ...defaultsOf(props),
    });
  }
}
