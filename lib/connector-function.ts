import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { CONNECTOR_ACTIONS, CONNECTOR_EVENTS } from '../lambda/connectors/catalog';
import type { ConnectorName } from '../lambda/connectors/observation';
import { API_TABLE_ACTIONS, type ApiFunctionProps, apiEnvironment } from './api-function';
import { defaultsOf } from './service-defaults';
import { ServiceFunction } from './service-function';

export interface ConnectorFunctionProps extends Omit<ApiFunctionProps, 'streamPermissions'> {
  readonly table: ITable;
  /** Which services' progress flows in. */
  readonly connectors: readonly ConnectorName[];
  /** How often every item is read again (the reconciling poll). */
  readonly pollMinutes: number;
}

/** A poll that runs longer than this is cut off; the next one picks up where the service stands. */
const MAX_RUN = Duration.minutes(10);

/**
 * The connector Lambda (lambda/connectors/handler.ts): one function for every enabled connector, run by the
 * services' EventBridge events in this account and region and by a schedule that polls them all. It reports
 * through the API's own operations in-process, so it needs the API's table actions and, of MGN and DMS, only
 * the describe calls its sources make.
 */
export class ConnectorFunction extends ServiceFunction {
  public readonly schedule: Rule;
  public readonly eventRules: readonly Rule[];

  constructor(scope: Construct, id: string, props: ConnectorFunctionProps) {
    if (props.connectors.length === 0) throw new Error(`${id}: no connector named`);
    const interval = Duration.minutes(props.pollMinutes);
    const timeout = Duration.seconds(Math.min(interval.toSeconds(), MAX_RUN.toSeconds()));
    super(scope, id, {
      entry: 'connectors/handler.ts',
      table: props.table,
      tableActions: API_TABLE_ACTIONS,
      memorySize: 512,
      timeout,
      environment: {
        ...apiEnvironment(props),
        MGH_CONNECTORS: props.connectors.join(','),
        MGH_CONNECTOR_POLL_SECONDS: String(interval.toSeconds()),
      },
      // An event's invocation is retried twice by Lambda; the next poll heals whatever still failed.
      functionProps: { retryAttempts: 2, maxEventAge: Duration.hours(1) },
      ...defaultsOf(props),
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: props.connectors.flatMap((name) => CONNECTOR_ACTIONS[name]),
        resources: ['*'],
      }),
    );
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the read-only describe and list calls of MGN and DMS the connectors make: they list every item of ' +
        'the account and take no resource-level permissions.',
    });
    this.schedule = new Rule(this, 'Poll', {
      description: `Read every ${props.connectors.join(' and ')} item into Migration Hub`,
      schedule: Schedule.rate(interval),
      // A missed poll is not worth repeating: the next one reads everything again.
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: interval })],
    });
    this.eventRules = props.connectors.map((name) => {
      const { source, detailTypes } = CONNECTOR_EVENTS[name];
      return new Rule(this, `${name.toUpperCase()}Events`, {
        description: `Write ${name.toUpperCase()} items to Migration Hub as their state changes`,
        eventPattern: { source: [source], detailType: [...detailTypes] },
        targets: [new LambdaFunction(this.function)],
      });
    });
  }
}
