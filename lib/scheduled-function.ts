import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function';

export interface ScheduledFunctionProps extends ServiceFunctionProps {
  /** What the schedule is for, as the rule's description. */
  readonly description: string;
}

/**
 * A service Lambda that an EventBridge rule runs every minute, one run at a time (reserved concurrency 1), with
 * no retries, and a run throttled by that concurrency dropped after a minute rather than queued for hours: runs
 * never pile up, and the next minute's run resumes whatever one left.
 */
export class ScheduledFunction extends ServiceFunction {
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, { description, ...props }: ScheduledFunctionProps) {
    super(scope, id, {
      ...props,
      functionProps: {
        reservedConcurrentExecutions: 1,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
        ...props.functionProps,
      },
    });
    this.rule = new Rule(this, 'EveryMinute', {
      description,
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
