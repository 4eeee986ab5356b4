import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StreamRule } from '../lambda/access/policy';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda/api/lambda-telemetry';

/** The DynamoDB actions the API handler uses (DynamoDbTaskStore), and no others. */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
];

export interface ApiFunctionProps {
  readonly table: ITable;
  /** Migration Hub's home region; undefined: none is set and every call answers HomeRegionNotSetException. */
  readonly homeRegion: string | undefined;
  readonly streamPermissions?: readonly StreamRule[];
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** What happens to the log group when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The API Lambda: the handler in lambda/api bundled by the installed esbuild (no Docker), Node.js 22 on arm64,
 * minified with source maps, X-Ray tracing, its own log group, and a role that may do exactly what the handler
 * does: five DynamoDB actions on its table, and write its own logs.
 */
export class ApiFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // A role of our own instead of AWSLambdaBasicExecutionRole, whose log permissions span every log group.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    role.addToPolicy(new PolicyStatement({ actions: API_TABLE_ACTIONS, resources: [props.table.tableArn] }));

    const root = path.join(__dirname, '..');
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(root, 'lambda', 'api', 'handler.ts'),
      projectRoot: root,
      depsLockFilePath: path.join(root, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // API Gateway gives up after 29 s; storage calls time out in seconds (lambda/store/dynamodb-client.ts).
      timeout: Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      role,
      logGroup: this.logGroup,
      environment: {
        MGH_TABLE_NAME: props.table.tableName,
        MGH_HOME_REGION: props.homeRegion ?? '',
        ...(props.streamPermissions?.length && {
          MGH_STREAM_PERMISSIONS: JSON.stringify(props.streamPermissions),
        }),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.CJS,
        // The AWS SDK is bundled, pinned by package-lock.json, rather than taken from the runtime.
        externalModules: [],
        forceDockerBundling: false,
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement Lambda adds for active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords): ' +
        'X-Ray has no resource-level permissions. Table and log permissions name their resources.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: 'Node.js 22 on arm64 is the runtime this code is built and tested for; move with the project.',
    });
  }
}
