import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { ScheduledFunction } from './scheduled-function';
import { defaultsOf, type ServiceDefaults } from './service-defaults';

/** What the staleness sweep (DynamoDbStalenessStore) does to the table, and nothing more. */
export const SWEEPER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];

export interface SweeperFunctionProps extends ServiceDefaults {
  readonly table: ITable;
  /** Reserve one unit of concurrency (ScheduledFunction). @default false */
  readonly reservedConcurrency?: boolean;
  /** Where "Migration Task Stale" and "Migration Task Recovered" events go. */
  readonly eventBus: IEventBus;
  /** Lease shards, as the API function is given. @default DEFAULT_LEASE_SHARDS */
  readonly leaseShards?: number;
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
        ...(props.leaseShards !== undefined && { MGH_LEASE_SHARDS: String(props.leaseShards) }),
      },
      ...defaultsOf(props),
      ...(props.reservedConcurrency && { reservedConcurrency: true }),
    });
    props.eventBus.grantPutEventsTo(this.function);
  }
}
