import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function';

/** How often the rule runs the function. */
const INTERVAL = Duration.minutes(1);

export interface ScheduledFunctionProps extends ServiceFunctionProps {
  /** What the schedule is for, as the rule's description. */
  readonly description: string;
  /**
   * Reserve one unit of concurrency, so that runs never overlap. Off by default: Lambda keeps 100 units of an
   * account's quota unreserved, and new accounts often have only 10, so any reservation fails their deploy. Both
   * jobs are correct when runs overlap (tested), and each stops before its minute is up.
   * @default false
   */
  readonly reservedConcurrency?: boolean;
}

/**
 * A service Lambda that an EventBridge rule runs every minute, with no retries, and a run that could not start
 * dropped after a minute rather than queued for hours: runs never pile up, and the next minute's run resumes
 * whatever one left. The timeout is at most the interval, so a run ends before the next one starts.
 */
export class ScheduledFunction extends ServiceFunction {
  public readonly rule: Rule;

  constructor(
    scope: Construct,
    id: string,
    { description, reservedConcurrency, ...props }: ScheduledFunctionProps,
  ) {
    if (props.timeout.toSeconds() > INTERVAL.toSeconds()) {
      throw new Error(`${id}: a scheduled run must end within its ${INTERVAL.toHumanString()} interval`);
    }
    super(scope, id, {
      ...props,
      functionProps: {
        ...(reservedConcurrency && { reservedConcurrentExecutions: 1 }),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
        ...props.functionProps,
      },
    });
    this.rule = new Rule(this, 'EveryMinute', {
      description,
      schedule: Schedule.rate(INTERVAL),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
