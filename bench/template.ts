/**
 * 4. Cost, from the template: what the deployed stack bills for, read from the CloudFormation template the CDK
 * app synthesizes with its default settings (bundling skipped: the code is not what is read here). The API
 * Gateway access log line is rendered from the stage's own format.
 */
import { App } from 'aws-cdk-lib';
import { MigrationHubStack } from '../lib/migration-hub-stack';
import { ACCOUNT_ID, REGION, scratchDir } from './support';

export interface ScheduledFunctionFacts {
  readonly logicalId: string;
  readonly memoryMb: number;
  /** Runs a 30-day month, from the rule's rate. */
  readonly runsPerMonth: number;
}

export interface TemplateFacts {
  /** The API Lambda: the function no schedule runs. */
  readonly apiMemoryMb: number;
  readonly scheduled: readonly ScheduledFunctionFacts[];
  /** The stage's access log format, `$context` variables and all. */
  readonly accessLogFormat: string;
  /** X-Ray on the stage, and on how many Lambdas. */
  readonly stageTracing: boolean;
  readonly tracedFunctions: number;
  /** The stage's per-method (detailed) CloudWatch metrics. */
  readonly detailedMetrics: boolean;
  /** The level of API Gateway's execution logs ('ERROR': a line only for a failed request). */
  readonly executionLogLevel: string;
  readonly alarms: number;
  readonly logGroups: number;
  /** The longest retention of any log group, in days. */
  readonly logRetentionDays: number;
  readonly pointInTimeRecovery: boolean;
  readonly billingMode: string;
  readonly resourceTypes: Readonly<Record<string, number>>;
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

const MINUTES_PER_MONTH = 30 * 24 * 60;

/**
 * Every resource type the default template may hold, and where its price is counted. A type not listed stops
 * the bench: a new line item must be priced (or said to be free) before the price is printed again.
 */
const PRICED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::ApiGateway::RestApi': 'per request',
  'AWS::ApiGateway::Stage': 'access logs, execution logs, X-Ray and detailed metrics, read below',
  'AWS::ApiGateway::Deployment': 'free',
  'AWS::ApiGateway::Resource': 'free',
  'AWS::ApiGateway::Method': 'free',
  'AWS::ApiGateway::GatewayResponse': 'free',
  'AWS::ApiGateway::Account': 'free (the CloudWatch role of API Gateway)',
  'AWS::Lambda::Function': 'requests and GB-seconds, X-Ray',
  'AWS::Lambda::Permission': 'free',
  'AWS::Lambda::EventInvokeConfig': 'free',
  'AWS::Events::Rule': 'scheduled: free; its runs are the Lambda’s',
  'AWS::DynamoDB::Table': 'request units, storage, point-in-time recovery',
  'AWS::Logs::LogGroup': 'ingestion and storage',
  'AWS::CloudWatch::Alarm': 'per alarm-month',
  'AWS::IAM::Role': 'free',
  'AWS::IAM::Policy': 'free',
};

/** Minutes between runs of a `rate(...)` expression. */
function rateMinutes(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`a schedule the bench cannot price: ${expression}`);
  const unit = match[2] ?? '';
  return Number(match[1]) * (unit.startsWith('minute') ? 1 : unit.startsWith('hour') ? 60 : 1440);
}

function only<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`the template has ${items.length} ${what}, the bench expects one`);
  return items[0] as T;
}

/** The default stack's template (no `-c` settings), and what the bench prices from it. */
export function templateFacts(): TemplateFacts {
  const outdir = scratchDir('template');
  let template: { Resources: Record<string, Resource> };
  try {
    const app = new App({ outdir: outdir.path, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new MigrationHubStack(app, 'BenchCost', { env: { account: ACCOUNT_ID, region: REGION } });
    template = app.synth().getStackByName(stack.stackName).template;
  } finally {
    outdir.remove();
  }
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
  const resourceTypes: Record<string, number> = {};
  for (const [, resource] of resources)
    resourceTypes[resource.Type] = (resourceTypes[resource.Type] ?? 0) + 1;
  const unpriced = Object.keys(resourceTypes).filter((type) => !(type in PRICED_RESOURCE_TYPES));
  if (unpriced.length > 0)
    throw new Error(`the template has resources the bench does not price: ${unpriced}`);

  const targetOf = (rule: Resource) => {
    const targets = (rule.Properties?.Targets ?? []) as { Arn?: { 'Fn::GetAtt'?: [string, string] } }[];
    return targets.map((target) => target.Arn?.['Fn::GetAtt']?.[0]);
  };
  const functions = ofType('AWS::Lambda::Function');
  const memoryOf = (id: string) => {
    const found = functions.find(([logicalId]) => logicalId === id);
    if (!found) throw new Error(`a rule targets ${id}, which is not a function of the template`);
    return Number(found[1].Properties?.MemorySize ?? 128);
  };
  const scheduled: ScheduledFunctionFacts[] = ofType('AWS::Events::Rule')
    .filter(([, rule]) => typeof rule.Properties?.ScheduleExpression === 'string')
    .flatMap(([, rule]) =>
      targetOf(rule).map((logicalId) => {
        if (!logicalId) throw new Error('a scheduled rule with a target the bench cannot follow');
        return {
          logicalId,
          memoryMb: memoryOf(logicalId),
          runsPerMonth: MINUTES_PER_MONTH / rateMinutes(String(rule.Properties?.ScheduleExpression)),
        };
      }),
    );
  const [, api] = only(
    functions.filter(([id]) => !scheduled.some((run) => run.logicalId === id)),
    'unscheduled functions',
  );

  const [, stage] = only(ofType('AWS::ApiGateway::Stage'), 'API stages');
  const access = stage.Properties?.AccessLogSetting as { Format?: string } | undefined;
  if (!access?.Format) throw new Error('the stage has no access log format');
  const methodSettings = (stage.Properties?.MethodSettings ?? []) as {
    MetricsEnabled?: boolean;
    LoggingLevel?: string;
  }[];
  const [, table] = only(ofType('AWS::DynamoDB::Table'), 'tables');
  const logGroups = ofType('AWS::Logs::LogGroup');
  return {
    apiMemoryMb: Number(api.Properties?.MemorySize ?? 128),
    scheduled,
    accessLogFormat: access.Format,
    stageTracing: stage.Properties?.TracingEnabled === true,
    tracedFunctions: functions.filter(
      ([, fn]) => (fn.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
    ).length,
    detailedMetrics: methodSettings.some((setting) => setting.MetricsEnabled === true),
    executionLogLevel: methodSettings.find((setting) => setting.LoggingLevel)?.LoggingLevel ?? 'OFF',
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    logGroups: logGroups.length,
    logRetentionDays: Math.max(
      ...logGroups.map(([, group]) => {
        const days = group.Properties?.RetentionInDays;
        // A group without retention keeps its logs forever: not a figure to price per notification.
        if (typeof days !== 'number') throw new Error('a log group without retention');
        return days;
      }),
    ),
    pointInTimeRecovery:
      (table.Properties?.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean })
        ?.PointInTimeRecoveryEnabled === true,
    billingMode: String(table.Properties?.BillingMode),
    resourceTypes,
  };
}

/**
 * A realistic value of each `$context` variable in an access log line, for a NotifyMigrationTaskState call from
 * an assumed IAM role (the principal id is a role id and session name, as for any tool running on AWS
 * credentials).
 */
export function accessLogContext(requestId: string, responseLength: number): Record<string, string> {
  const principal = 'AROA3XFRBF23EXAMPLE01:migration-tool';
  return {
    requestId,
    extendedRequestId: 'ABCdEF1GhIJKlMn=',
    'identity.sourceIp': '203.0.113.25',
    'identity.user': principal,
    'identity.caller': principal,
    'identity.userAgent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#22.12.0 api/migration-hub',
    'identity.accountId': ACCOUNT_ID,
    requestTime: '29/Nov/2026:17:05:12 +0000',
    requestTimeEpoch: '1795971912345',
    httpMethod: 'POST',
    resourcePath: '/',
    path: '/prod/',
    stage: 'prod',
    status: '200',
    protocol: 'HTTP/1.1',
    responseLength: String(responseLength),
    responseLatency: '25',
    integrationLatency: '22',
    'integration.latency': '22',
    'integration.status': '200',
    'error.message': '-',
    'error.messageString': '-',
  };
}

/** The access log line API Gateway writes: every `$context.x` of `format` replaced; an unknown one is an error. */
export function renderAccessLog(format: string, context: Readonly<Record<string, string>>): string {
  return format.replace(/\$context\.([A-Za-z.]+[A-Za-z])/g, (_, name: string) => {
    const value = context[name];
    if (value === undefined) throw new Error(`no realistic value for $context.${name} in the access log`);
    return value;
  });
}
