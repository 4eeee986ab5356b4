import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ScheduledFunction } from './scheduled-function';

/** What the background deletion of streams (StreamDeletion) does to the table, and nothing more. */
export const MAINTENANCE_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
];

export interface MaintenanceFunctionProps {
  readonly table: ITable;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The maintenance Lambda (lambda/maintenance/handler.ts), run every minute: it finishes deleting the streams
 * DeleteProgressUpdateStream queued.
 */
export class MaintenanceFunction extends ScheduledFunction {
  constructor(scope: Construct, id: string, props: MaintenanceFunctionProps) {
    super(scope, id, {
      description: 'Finish deleting Migration Hub progress update streams',
      entry: 'maintenance/handler.ts',
      table: props.table,
      tableActions: MAINTENANCE_TABLE_ACTIONS,
      memorySize: 256,
      timeout: Duration.minutes(5),
      ...(props.logRetention && { logRetention: props.logRetention }),
      ...(props.logRemovalPolicy && { logRemovalPolicy: props.logRemovalPolicy }),
    });
  }
}
