import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULT_SWEEP_LAG_SECONDS } from '../lambda/staleness/sweeper';
import { ScheduledFunction } from './scheduled-function';

/** What the staleness sweep (DynamoDbStalenessStore) does to the table, and nothing more. */
export const SWEEPER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];

export interface SweeperFunctionProps {
  readonly table: ITable;
  /** Where "Migration Task Stale" and "Migration Task Recovered" events go. */
  readonly eventBus: IEventBus;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The staleness sweeper (lambda/staleness/handler.ts), run every minute: publishes an event when a task misses
 * its deadline and when a stale task reports again. It may read leases and tasks, write its cursors and
 * markers, and put events on its bus, nothing else. A sweep stops 10 s before the timeout, so one run ends
 * before the next minute's begins.
 */
export class SweeperFunction extends ScheduledFunction {
  constructor(scope: Construct, id: string, props: SweeperFunctionProps) {
    super(scope, id, {
      description: 'Publish Migration Hub tasks that stopped reporting (and those that report again)',
      entry: 'staleness/handler.ts',
      table: props.table,
      tableActions: SWEEPER_TABLE_ACTIONS,
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: {
        MGH_EVENT_BUS_NAME: props.eventBus.eventBusName,
        MGH_SWEEP_LAG_SECONDS: String(DEFAULT_SWEEP_LAG_SECONDS),
      },
      ...(props.logRetention && { logRetention: props.logRetention }),
      ...(props.logRemovalPolicy && { logRemovalPolicy: props.logRemovalPolicy }),
    });
    props.eventBus.grantPutEventsTo(this.function);
  }
}
