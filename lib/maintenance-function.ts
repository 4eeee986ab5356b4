import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../lambda/api/lambda-telemetry';

/** What the background deletion of streams does to the table, and nothing more. */
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
 * The maintenance Lambda and the EventBridge rule that runs it every minute: it finishes deleting streams
 * that DeleteProgressUpdateStream queued. One run at a time (reserved concurrency 1) and no retries of a
 * failed run, so runs never pile up; the next minute's run resumes whatever one left.
 */
export class MaintenanceFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: MaintenanceFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new PolicyStatement({ actions: MAINTENANCE_TABLE_ACTIONS, resources: [props.table.tableArn] }),
    );

    const root = path.join(__dirname, '..');
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(root, 'lambda', 'maintenance', 'handler.ts'),
      projectRoot: root,
      depsLockFilePath: path.join(root, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      retryAttempts: 0,
      // A run throttled by the concurrency of 1 is dropped, not queued for hours: the next minute's run comes.
      maxEventAge: Duration.minutes(1),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        MGH_TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.CJS,
        externalModules: [],
        forceDockerBundling: false,
      },
    });
    this.rule = new Rule(this, 'EveryMinute', {
      description: 'Finish deleting Migration Hub progress update streams',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement Lambda adds for active tracing: X-Ray has no resource-level permissions.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: 'Node.js 22 on arm64 is the runtime this code is built and tested for; move with the project.',
    });
  }
}
