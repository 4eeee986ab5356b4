import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { AccountPrincipal, AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addAwsJsonGatewayResponses } from './gateway-responses';
import { type ServiceDefaults, serviceLogGroup } from './service-defaults';

/** The stage's throttling unless set: see README "Capacity" for the arithmetic. */
export const DEFAULT_THROTTLING = { rateLimit: 300, burstLimit: 600 } as const;

export interface MigrationHubApiProps extends ServiceDefaults {
  readonly handler: IFunction;
  /**
   * The AWS accounts whose IAM principals may call the API (they still need execute-api:Invoke themselves).
   * @default the deploying account
   */
  readonly allowedAccounts?: readonly string[];
  /** An AWS Organization whose accounts may call the API, instead of a list of accounts. */
  readonly allowedOrganizationId?: string;
  /**
   * Steady-state requests per second for the stage: 300 carries a 10,000-server migration reporting every
   * minute (167 a second) with 1.8x headroom (README "Capacity"). @default 300
   */
  readonly throttlingRateLimit?: number;
  /** Burst for the stage. @default 600 */
  readonly throttlingBurstLimit?: number;
  /**
   * Set the account's API Gateway CloudWatch Logs role (an account-wide, per-region setting that stage logging
   * needs) to a role this stack creates. False leaves the account's setting as it is: it must already name a
   * role, or the stage's logging cannot be enabled.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
}

/**
 * The API Gateway REST API migration tools call: IAM (SigV4) authorization on every method, every path and
 * method proxied to the handler (awsJson1_1 routes by X-Amz-Target, not by path), a resource policy naming who
 * may call at all, gateway responses in the awsJson error shape, stage throttling, access logs and, when asked,
 * X-Ray. The API is named after its stack, so its metrics (dimension ApiName) are this stack's alone.
 */
export class MigrationHubApi extends Construct {
  public readonly api: RestApi;
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: MigrationHubApiProps) {
    super(scope, id);
    this.accessLogs = serviceLogGroup(this, 'AccessLogs', props);
    this.api = new RestApi(this, 'Api', {
      restApiName: Stack.of(this).stackName,
      description: 'AWS Migration Hub migration-task API (self-hosted)',
      endpointTypes: [EndpointType.REGIONAL],
      policy: resourcePolicy(this, props),
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      ...((props.cloudWatchRole ?? true)
        ? {
            cloudWatchRole: true,
            // Retained even when a first create fails: by then the account-wide setting may already name the role,
            // and other APIs of the account would be left logging through a deleted one.
            cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
          }
        : { cloudWatchRole: false }),
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: props.throttlingRateLimit ?? DEFAULT_THROTTLING.rateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit ?? DEFAULT_THROTTLING.burstLimit,
        tracingEnabled: props.tracing ?? false,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: true,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
      },
    });
    // RestApi adds an `Endpoint` output of its own; the stack's `EndpointUrl` is the one the README documents.
    this.api.node.tryRemoveChild('Endpoint');
    const integration = new LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false });
    this.api.root.addMethod('ANY', integration);
    this.api.root.addProxy({ defaultIntegration: integration, anyMethod: true });
    addAwsJsonGatewayResponses(this.api);

    const acknowledge = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions::AwsSolutions-APIG2',
      'awsJson1_1 puts the operation in a header and the input in a body that API Gateway models cannot route; ' +
        'the Lambda validates every member against the full service model (Zod) and answers InvalidInputException.',
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-COG4',
      'Migration tools call with SigV4 (AWS_IAM on every method), as they call the AWS API this replaces; ' +
        'Cognito user pools do not apply to machine callers.',
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "API Gateway's account-level CloudWatch role, needed for execution logs, is defined by AWS with this managed policy.",
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-APIG3',
      'Every call is SigV4-authenticated, limited by a resource policy to known accounts and throttled per stage; ' +
        'associate a WAF web ACL with the stage where policy requires one.',
    );
  }

  /** The URL migration tools use as their endpoint. */
  public get url(): string {
    return this.api.url;
  }
}

function resourcePolicy(scope: Construct, props: MigrationHubApiProps): PolicyDocument {
  const invoke = { effect: Effect.ALLOW, actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] };
  if (props.allowedOrganizationId) {
    return new PolicyDocument({
      statements: [
        new PolicyStatement({
          ...invoke,
          principals: [new AnyPrincipal()],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': props.allowedOrganizationId } },
        }),
      ],
    });
  }
  const accounts = props.allowedAccounts?.length ? props.allowedAccounts : [Stack.of(scope).account];
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        ...invoke,
        principals: accounts.map((account) => new AccountPrincipal(account)),
      }),
    ],
  });
}
