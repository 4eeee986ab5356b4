import { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What every part of the stack that keeps logs or data shares: the stack passes one of these to each. */
export interface ServiceDefaults {
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the logs (and the table) when the stack is deleted or a resource replaced. The default keeps
   * them, except when the stack's first create fails: CloudFormation then deletes what it made, so a failed
   * first attempt leaves nothing behind. DESTROY suits throwaway sandboxes only.
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;
  /** X-Ray active tracing on the stage and every Lambda. Off for cost: see README "Cost". @default false */
  readonly tracing?: boolean;
}

export const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/** The one way this stack makes a log group: its retention and removal policy from the defaults. */
export function serviceLogGroup(scope: Construct, id: string, defaults: ServiceDefaults): LogGroup {
  return new LogGroup(scope, id, {
    retention: defaults.logRetention ?? RetentionDays.THREE_MONTHS,
    removalPolicy: defaults.removalPolicy ?? DEFAULT_REMOVAL_POLICY,
  });
}

/** Only the defaults of a construct's props, to pass on to the constructs it builds. */
export function defaultsOf({ logRetention, removalPolicy, tracing }: ServiceDefaults): ServiceDefaults {
  return {
    ...(logRetention !== undefined && { logRetention }),
    ...(removalPolicy !== undefined && { removalPolicy }),
    ...(tracing !== undefined && { tracing }),
  };
}
