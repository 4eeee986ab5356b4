import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ServiceFunction } from './service-function';

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
 * The maintenance Lambda (lambda/maintenance/handler.ts) and the EventBridge rule that runs it every minute:
 * it finishes deleting the streams DeleteProgressUpdateStream queued. One run at a time (reserved concurrency
 * 1), no retries, and a run throttled by that concurrency is dropped after a minute rather than queued for
 * hours: runs never pile up, and the next minute's run resumes whatever one left.
 */
export class MaintenanceFunction extends ServiceFunction {
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: MaintenanceFunctionProps) {
    super(scope, id, {
      entry: 'maintenance/handler.ts',
      table: props.table,
      tableActions: MAINTENANCE_TABLE_ACTIONS,
      memorySize: 256,
      timeout: Duration.minutes(5),
      functionProps: { reservedConcurrentExecutions: 1, retryAttempts: 0, maxEventAge: Duration.minutes(1) },
      ...(props.logRetention && { logRetention: props.logRetention }),
      ...(props.logRemovalPolicy && { logRemovalPolicy: props.logRemovalPolicy }),
    });
    this.rule = new Rule(this, 'EveryMinute', {
      description: 'Finish deleting Migration Hub progress update streams',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
