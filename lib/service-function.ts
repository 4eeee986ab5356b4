import * as path from 'node:path';
import { type Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../lambda/observability/powertools';
import { type ServiceDefaults, serviceLogGroup } from './service-defaults';

/**
 * The SDK's credential providers that Lambda never reaches: the runtime hands every function its credentials in
 * environment variables, the first source of the default chain, and the chain imports the others only when that
 * one is empty. Left out of the bundle (about 130 KB with the STS and SSO clients they bring), they would still
 * resolve from the runtime's own SDK if they were ever needed.
 */
const UNREACHED_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * How every handler is bundled (measured by `npm run bench`; see docs/decisions/007-bundle-and-performance.md):
 * minified CommonJS with source maps, the AWS SDK bundled and pinned rather than taken from the runtime (it loads
 * faster bundled), and packages' ES module builds preferred (`module` before `main`) so esbuild can drop what the
 * handler never uses: the SDK's CommonJS builds cannot be tree-shaken.
 */
export const SERVICE_BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node22',
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
  externalModules: UNREACHED_CREDENTIAL_PROVIDERS,
  forceDockerBundling: false,
};

export interface ServiceFunctionProps extends ServiceDefaults {
  /** The handler module, relative to lambda/ (e.g. `api/handler.ts`). */
  readonly entry: string;
  readonly table: ITable;
  /** The DynamoDB actions the code sends: the role allows these on the table, and nothing else. */
  readonly tableActions: readonly string[];
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  /** Anything else of the function (concurrency, async invoke settings). */
  readonly functionProps?: Partial<NodejsFunctionProps>;
}

/**
 * The one place that sets this service's Lambda defaults: the handler bundled by the installed esbuild (no
 * Docker) as SERVICE_BUNDLING says, Node.js 22 on arm64, X-Ray tracing when asked, its own log group with retention, and
 * a role of its own that may write that log group and send exactly the given DynamoDB actions to the table (not
 * AWSLambdaBasicExecutionRole, whose log permissions span every log group).
 */
export class ServiceFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = serviceLogGroup(this, 'Logs', props);
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    role.addToPolicy(
      new PolicyStatement({ actions: [...props.tableActions], resources: [props.table.tableArn] }),
    );

    const root = path.join(__dirname, '..');
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(root, 'lambda', props.entry),
      projectRoot: root,
      depsLockFilePath: path.join(root, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      role,
      logGroup: this.logGroup,
      environment: {
        MGH_TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: SERVICE_BUNDLING,
      ...props.functionProps,
    });
    if (props.tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only the X-Ray statement Lambda adds for active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords): ' +
          'X-Ray has no resource-level permissions. Table and log permissions name their resources.',
      });
    }
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: 'Node.js 22 on arm64 is the runtime this code is built and tested for; move with the project.',
    });
  }
}
