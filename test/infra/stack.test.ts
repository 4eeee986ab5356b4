/**
 * The CDK app's contract, checked on the synthesized template: fine-grained assertions for each promise the
 * stack makes, cdk-nag's AwsSolutions pack with nothing unacknowledged, and one normalized snapshot.
 * Longer than most files on purpose: the template is synthesized once, for every assertion on it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { API_TABLE_ACTIONS } from '../../lib/api-function';
import { GATEWAY_RESPONSES } from '../../lib/gateway-responses';
import { MAINTENANCE_TABLE_ACTIONS } from '../../lib/maintenance-function';
import { MigrationHubStack, type MigrationHubStackProps } from '../../lib/migration-hub-stack';
import { SWEEPER_TABLE_ACTIONS } from '../../lib/sweeper-function';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function synth(props: MigrationHubStackProps = {}, bundle = false): Template {
  // Bundling (esbuild) runs for the one stack that needs its asset; the others skip it.
  const app = new App({ context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new MigrationHubStack(app, 'MigrationHub', { env: ENV, ...props }));
}

let template: Template;

beforeAll(() => {
  template = synth({}, true);
});

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
const resources = (type: string): Resources => template.findResources(type) as Resources;

describe('API Gateway', () => {
  test('every method uses AWS_IAM, and every path and method reaches the Lambda as a proxy', () => {
    const methods = Object.values(resources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method.Properties).toMatchObject({
        AuthorizationType: 'AWS_IAM',
        HttpMethod: 'ANY',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
  });

  test('both services (AWSMigrationHub and migrationhub-config) reach the one API Lambda: nothing routes by target', () => {
    const methods = Object.values(resources('AWS::ApiGateway::Method'));
    const integrated = new Set(methods.map((method) => JSON.stringify(method.Properties?.Integration)));
    expect(integrated.size).toBe(1);
    const [apiFunction] = Object.keys(resources('AWS::Lambda::Function')).filter((id) =>
      id.startsWith('ApiFunction'),
    );
    expect(JSON.stringify([...integrated])).toContain(apiFunction);
    // No request parameter, validator or model: API Gateway passes every X-Amz-Target through, and the Lambda's
    // router answers it (a target it does not know is UnknownOperationException from the Lambda).
    for (const method of methods) {
      expect(method.Properties).not.toHaveProperty('RequestParameters');
      expect(method.Properties).not.toHaveProperty('RequestValidatorId');
      expect(method.Properties).not.toHaveProperty('RequestModels');
    }
    expect(resources('AWS::ApiGateway::RequestValidator')).toEqual({});
  });

  test('each gateway response is the awsJson error shape, with the exception a client should throw', () => {
    const responses = Object.values(resources('AWS::ApiGateway::GatewayResponse'));
    expect(responses).toHaveLength(GATEWAY_RESPONSES.length);
    const byType = new Map(
      responses.map((response) => [response.Properties?.ResponseType, response.Properties]),
    );
    for (const { type, errorType } of GATEWAY_RESPONSES) {
      const properties = byType.get(type.responseType) as {
        ResponseParameters: Record<string, string>;
        ResponseTemplates: Record<string, string>;
      };
      expect(properties.ResponseParameters).toEqual({
        'gatewayresponse.header.Content-Type': "'application/x-amz-json-1.1'",
        'gatewayresponse.header.x-amzn-ErrorType': `'${errorType}'`,
      });
      // API Gateway substitutes $context.error.messageString with a quoted JSON string.
      const body = properties.ResponseTemplates['application/json']?.replace(
        '$context.error.messageString',
        JSON.stringify('Signature expired: "quoted" text'),
      );
      expect(JSON.parse(body ?? '')).toEqual({
        __type: errorType,
        Message: 'Signature expired: "quoted" text',
      });
    }
    const errorTypeOf = (type: string) =>
      GATEWAY_RESPONSES.find((r) => r.type.responseType === type)?.errorType;
    expect(errorTypeOf('THROTTLED')).toBe('ThrottlingException');
    expect(errorTypeOf('INTEGRATION_TIMEOUT')).toBe('ServiceUnavailableException');
    expect(errorTypeOf('INVALID_SIGNATURE')).toBe('InvalidSignatureException');
    expect(errorTypeOf('MISSING_AUTHENTICATION_TOKEN')).toBe('MissingAuthenticationTokenException');
    expect(errorTypeOf('DEFAULT_5XX')).toBe('ServiceUnavailableException');
  });

  test('the stage throttles and writes access logs; X-Ray only when asked', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: false,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [
        Match.objectLike({
          ThrottlingRateLimit: 300,
          ThrottlingBurstLimit: 600,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ],
    });
    const custom = synth({ throttlingRateLimit: 25, throttlingBurstLimit: 50 });
    custom.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 })],
    });
  });

  test('the resource policy admits the deploying account by default', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Principal: {
              AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] },
            },
            Resource: 'execute-api:/*',
          },
        ],
      },
    });
  });

  test('the resource policy can name accounts, or an AWS Organization instead', () => {
    const accounts = synth({ allowedAccounts: ['111122223333', '444455556666'] });
    const principal = new Capture();
    accounts.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: { Statement: [Match.objectLike({ Principal: { AWS: principal } })] },
    });
    expect(JSON.stringify(principal.asArray())).toMatch(/111122223333:root.*444455556666:root/);

    synth({ allowedOrganizationId: 'o-abc123' }).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Resource: 'execute-api:/*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
          },
        ],
      },
    });
  });
});

describe('the API Lambda', () => {
  test('Node.js 22 on arm64, bundled by esbuild, minified with source maps, untraced by default', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: Match.absent(),
      LoggingConfig: { LogGroup: Match.anyValue() },
      Environment: {
        Variables: {
          MGH_TABLE_NAME: { Ref: Match.stringLikeRegexp('^TasksTable') },
          MGH_HOME_REGION: 'eu-west-1',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'migration-hub',
          POWERTOOLS_METRICS_NAMESPACE: 'MigrationHub',
        },
      },
    });
    const [, api] =
      Object.entries(resources('AWS::Lambda::Function')).find(([id]) => id.startsWith('ApiFunction')) ?? [];
    const code = api?.Properties?.Code;
    expect(code).toMatchObject({ S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
  });

  test('home region and stream permissions are configurable; no home region is possible', () => {
    const configured = synth({
      homeRegion: 'us-west-2',
      streamPermissions: [{ stream: 'DMS', writers: ['arn:aws:iam::123456789012:role/dms'] }],
    });
    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MGH_HOME_REGION: 'us-west-2',
          MGH_STREAM_PERMISSIONS: '[{"stream":"DMS","writers":["arn:aws:iam::123456789012:role/dms"]}]',
        }),
      },
    });
    synth({ homeRegion: null }).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MGH_HOME_REGION: '' }) },
    });
  });

  test('leaseShards reaches both the API Lambda, which writes leases, and the sweeper, which reads them', () => {
    const functions = Object.entries(synth({ leaseShards: 12 }).findResources('AWS::Lambda::Function'));
    const shardsOf = (prefix: string) =>
      functions.find(([id]) => id.startsWith(prefix))?.[1]?.Properties?.Environment?.Variables
        ?.MGH_LEASE_SHARDS;
    expect([shardsOf('ApiFunction'), shardsOf('Sweeper')]).toEqual(['12', '12']);
  });

  test('history is kept as long as its task unless historyRetentionDays says otherwise', () => {
    const apiVariables = (template: Template) =>
      Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
        id.startsWith('ApiFunction'),
      )?.[1]?.Properties?.Environment?.Variables as Record<string, unknown>;
    expect(apiVariables(synth({}))).not.toHaveProperty('MGH_HISTORY_RETENTION_DAYS');
    expect(apiVariables(synth({}))).not.toHaveProperty('MGH_LEASE_SHARDS');
    expect(apiVariables(synth({ historyRetentionDays: 400 }))).toMatchObject({
      MGH_HISTORY_RETENTION_DAYS: '400',
    });
  });

  test('its role may use exactly its table actions on its table, and write its own logs', () => {
    const policies = Object.values(resources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties?.Roles).includes('ApiFunctionRole'),
    );
    expect(policies).toHaveLength(1);
    const document = policies[0]?.Properties?.PolicyDocument as
      | { Statement: Record<string, unknown>[] }
      | undefined;
    const statements = document?.Statement ?? [];
    const actions = statements.flatMap((statement) => [statement.Action].flat() as string[]);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);

    const table = statements.find((statement) => JSON.stringify(statement.Action).includes('dynamodb'));
    expect(table).toEqual({
      Effect: 'Allow',
      Action: API_TABLE_ACTIONS,
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TasksTable/), 'Arn'] },
    });
    const logs = statements.find((statement) => JSON.stringify(statement.Action).includes('logs:'));
    expect(logs).toMatchObject({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ApiFunctionLogs/), 'Arn'] },
    });
    // No `*` resource unless tracing is on (see 'X-Ray tracing is a setting').
    expect(statements.filter((statement) => statement.Resource === '*')).toEqual([]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('logs are kept three months by default', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});

describe('each role grants exactly the DynamoDB calls its code makes', () => {
  const storeDir = join(__dirname, '..', '..', 'lambda', 'store');
  /** A store module's source and that of every store module it imports, directly or not. */
  const sourceWithImports = (file: string, seen = new Set<string>()): string => {
    if (seen.has(file)) return '';
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const imported = [...source.matchAll(/from '(\.[^']+)'/g)]
      .map((match) => join(dirname(file), `${match[1] ?? ''}.ts`))
      .filter((path) => path.startsWith(storeDir) && existsSync(path));
    return [source, ...imported.map((path) => sourceWithImports(path, seen))].join('\n');
  };
  /** The DynamoDB actions a module's code sends, read from its `new XCommand(` expressions and its imports'. */
  const actionsSentBy = (files: readonly string[]): string[] => {
    const seen = new Set<string>();
    const source = files.map((file) => sourceWithImports(join(storeDir, file), seen)).join('\n');
    const action: Record<string, string> = {
      Get: 'GetItem',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      Query: 'Query',
      BatchWrite: 'BatchWriteItem',
      BatchGet: 'BatchGetItem',
    };
    const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1] ?? '');
    return [
      ...new Set(commands.map((command) => `dynamodb:${action[command] ?? `unknown ${command}`}`)),
    ].sort();
  };

  test.each([
    [
      'the API Lambda',
      ['dynamodb-task-store.ts', 'dynamodb-home-region-store.ts', 'dynamodb-application-store.ts'],
      API_TABLE_ACTIONS,
    ],
    ['the maintenance Lambda', ['stream-deletion.ts'], MAINTENANCE_TABLE_ACTIONS],
    ['the staleness sweeper', ['dynamodb-staleness-store.ts'], SWEEPER_TABLE_ACTIONS],
  ])('%s', (_name, files, granted) => {
    expect([...granted].sort()).toEqual(actionsSentBy(files));
  });

  test('the API Lambda (and the connector Lambda, which runs it) composes exactly the stores the grants were read from', () => {
    const handler = readFileSync(join(storeDir, '..', 'api', 'compose.ts'), 'utf8');
    const stores = [...handler.matchAll(/from '\.\.\/store\/(dynamodb-[\w-]+-store)'/g)].map((m) => m[1]);
    expect(stores.sort()).toEqual([
      'dynamodb-application-store',
      'dynamodb-home-region-store',
      'dynamodb-task-store',
    ]);
  });
});

describe('the maintenance Lambda (background deletion of streams)', () => {
  test('runs every minute, ends within its minute, never retried into a pile-up', () => {
    const functions = Object.entries(resources('AWS::Lambda::Function'));
    const [id, maintenance] = functions.find(([name]) => name.startsWith('MaintenanceFunction')) ?? [];
    expect(maintenance?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 60,
    });
    expect(maintenance?.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: id },
      MaximumRetryAttempts: 0,
    });
  });

  test('its role may only query and delete in its table, and write its logs', () => {
    const policy = Object.values(resources('AWS::IAM::Policy')).find((candidate) =>
      JSON.stringify(candidate.Properties?.Roles).includes('MaintenanceRole'),
    );
    const statements = (
      policy?.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined
    )?.Statement;
    expect(statements?.find((statement) => JSON.stringify(statement.Action).includes('dynamodb'))).toEqual({
      Effect: 'Allow',
      Action: MAINTENANCE_TABLE_ACTIONS,
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TasksTable/), 'Arn'] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^MaintenanceFunction') } }],
    });
  });
});

describe('the staleness sweeper', () => {
  const sweeperFunction = () => {
    const [id, sweeper] =
      Object.entries(resources('AWS::Lambda::Function')).find(([name]) =>
        name.startsWith('SweeperFunction'),
      ) ?? [];
    if (!id || !sweeper) throw new Error('no sweeper function in the template');
    return { id, properties: sweeper.Properties ?? {} };
  };

  test('the same Lambda defaults as the API, run every minute, ends within its minute, never retried into a pile-up', () => {
    const { id, properties } = sweeperFunction();
    expect(properties).not.toHaveProperty('ReservedConcurrentExecutions');
    expect(properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^SweeperLogs/) } },
      Environment: {
        Variables: expect.objectContaining({
          MGH_TABLE_NAME: { Ref: expect.stringMatching(/^TasksTable/) },
          MGH_EVENT_BUS_NAME: 'default',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [id, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: id },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });

  test('its role reads leases and tasks, writes cursors and markers, and puts events on its bus only', () => {
    const policy = Object.values(resources('AWS::IAM::Policy')).find((candidate) =>
      JSON.stringify(candidate.Properties?.Roles).includes('SweeperRole'),
    );
    const statements =
      (policy?.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined)
        ?.Statement ?? [];
    expect(statements.find((statement) => JSON.stringify(statement.Action).includes('dynamodb'))).toEqual({
      Effect: 'Allow',
      Action: SWEEPER_TABLE_ACTIONS,
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TasksTable/), 'Arn'] },
    });
    const events = statements.filter((statement) => JSON.stringify(statement.Action).includes('events:'));
    expect(events).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:123456789012:event-bus/default'],
          ],
        },
      },
    ]);
    const actions = statements.flatMap((statement) => [statement.Action].flat() as string[]);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  test('a named bus instead of the default one', () => {
    const custom = synth({ eventBusName: 'migrations' });
    custom.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'events:PutEvents',
            Resource: {
              'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':event-bus/migrations$')])],
            },
          }),
        ]),
      },
    });
  });

  test('an alarm on sweeper errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: sweeperFunction().id } }],
      Threshold: 3,
      AlarmDescription: Match.stringLikeRegexp('staleness sweeper'),
    });
  });
});

describe('the table', () => {
  test('on-demand, point-in-time recovery, TTL on the lease attribute, encrypted, keys as the store uses them', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      // SSEEnabled without a key: the AWS managed KMS key (aws/dynamodb), beyond the default AWS owned key.
      SSESpecification: { SSEEnabled: true },
      // Off, so that a failed first create can delete it; `tableDeletionProtection` turns it on.
      DeletionProtectionEnabled: false,
    });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    synth({ tableDeletionProtection: true }).hasResourceProperties('AWS::DynamoDB::Table', {
      DeletionProtectionEnabled: true,
    });
  });

  test('a throwaway sandbox can let the table and logs go with the stack', () => {
    const sandbox = synth({ removalPolicy: RemovalPolicy.DESTROY });
    sandbox.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    sandbox.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    sandbox.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });
});

test('alarms watch API 5XX answers and Lambda errors', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/ApiGateway',
    MetricName: '5XXError',
    Statistic: 'Sum',
    Threshold: 5,
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Threshold: 1,
  });
});

test('outputs: the endpoint URL and the table name', () => {
  template.hasOutput('EndpointUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^TasksTable') } });
  // Only the documented outputs: no second endpoint URL under a generated name.
  expect(Object.keys(template.findOutputs('*'))).toEqual(['EndpointUrl', 'TableName']);
});

test('cdk-nag AwsSolutions: no finding left unacknowledged', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new MigrationHubStack(app, 'MigrationHub', { env: ENV });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Synthesis throws when a validation plugin reports an unacknowledged error.
  const assembly = app.synth();
  expect(assembly.getStackByName(stack.stackName).template).toHaveProperty('Resources');
});

test('snapshot, with asset hashes normalized', () => {
  const json = JSON.stringify(template.toJSON(), null, 2).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>$1');
  expect(JSON.parse(json)).toMatchSnapshot();
});
