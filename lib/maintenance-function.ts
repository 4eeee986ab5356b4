import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { ScheduledFunction } from './scheduled-function';
import { defaultsOf, type ServiceDefaults } from './service-defaults';

/** What the background deletion of streams (StreamDeletion) does to the table, and nothing more. */
export const MAINTENANCE_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
];

export interface MaintenanceFunctionProps extends ServiceDefaults {
  readonly table: ITable;
  /** Reserve one unit of concurrency (ScheduledFunction). @default false */
  readonly reservedConcurrency?: boolean;
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
      // Within the one-minute interval; a run stops 15 s before its timeout and the next resumes.
      timeout: Duration.minutes(1),
      ...defaultsOf(props),
      ...(props.reservedConcurrency && { reservedConcurrency: true }),
    });
  }
}
