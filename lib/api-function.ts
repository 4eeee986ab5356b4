import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StreamRule } from '../lambda/access/policy';
import { METRICS_NAMESPACE } from '../lambda/observability/powertools';
import { ServiceFunction } from './service-function';

/** The DynamoDB actions the API handler uses (DynamoDbTaskStore), and no others. */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
];

export interface ApiFunctionProps {
  readonly table: ITable;
  /** Migration Hub's home region; undefined: none is set and every call answers HomeRegionNotSetException. */
  readonly homeRegion: string | undefined;
  readonly streamPermissions?: readonly StreamRule[];
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** The API Lambda (lambda/api/handler.ts), with the service's Lambda defaults (ServiceFunction). */
export class ApiFunction extends ServiceFunction {
  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id, {
      entry: 'api/handler.ts',
      table: props.table,
      tableActions: API_TABLE_ACTIONS,
      memorySize: 512,
      // API Gateway gives up after 29 s; storage calls time out in seconds (lambda/store/dynamodb-client.ts).
      timeout: Duration.seconds(15),
      environment: {
        MGH_HOME_REGION: props.homeRegion ?? '',
        ...(props.streamPermissions?.length && {
          MGH_STREAM_PERMISSIONS: JSON.stringify(props.streamPermissions),
        }),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
      ...(props.logRetention && { logRetention: props.logRetention }),
      ...(props.logRemovalPolicy && { logRemovalPolicy: props.logRemovalPolicy }),
    });
  }
}
