/**
 * What a first deploy into a new sandbox account meets, checked on the template: nothing that needs more than
 * the account's defaults, nothing orphaned by a failed first create, a table a destroyed stack left attachable,
 * alarms and stale tasks that reach a person, and metrics that belong to this stack alone.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MigrationHubStack, type MigrationHubStackProps } from '../../lib/migration-hub-stack';
import { RECOVERED_TASK_MESSAGE, STALE_TASK_MESSAGE, type TextMessage } from '../../lib/notifications';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ops-pager';

function synth(props: MigrationHubStackProps = {}, stackName = 'MigrationHub'): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new MigrationHubStack(app, stackName, { env: ENV, ...props }));
}

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }
>;
type Statement = { Action: unknown; Resource: unknown };

/** Every statement of every IAM policy of a template. */
const statementsOf = (from: Template): Statement[] =>
  Object.values(from.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );

const template = synth();
const resources = (from: Template, type: string) => from.findResources(type) as Resources;

describe('nothing needs more than a new account has', () => {
  test('no Lambda reserves concurrency by default (new accounts may have a quota of 10)', () => {
    const functions = Object.values(resources(template, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  test('reservedConcurrency keeps one unit for each scheduled Lambda, and none for the API', () => {
    const reserved = Object.entries(resources(synth({ reservedConcurrency: true }), 'AWS::Lambda::Function'));
    const units = Object.fromEntries(
      reserved.map(([id, fn]) => [
        id.replace(/Function.*$/, ''),
        fn.Properties?.ReservedConcurrentExecutions,
      ]),
    );
    expect(units).toEqual({ Api: undefined, Maintenance: 1, Sweeper: 1 });
  });

  test('every scheduled run ends within the minute between runs', () => {
    const rules = Object.values(resources(template, 'AWS::Events::Rule')).filter(
      (rule) => rule.Properties?.ScheduleExpression,
    );
    expect(rules.map((rule) => rule.Properties?.ScheduleExpression)).toEqual([
      'rate(1 minute)',
      'rate(1 minute)',
    ]);
    for (const [id, fn] of Object.entries(resources(template, 'AWS::Lambda::Function'))) {
      if (!id.startsWith('ApiFunction')) expect(fn.Properties?.Timeout).toBeLessThanOrEqual(60);
    }
  });
});

describe('a failed first create leaves nothing behind', () => {
  test('everything kept on delete is kept except on create; the account-wide logging role is always kept', () => {
    const kept = Object.values(template.toJSON().Resources as Resources).filter(
      (resource) => resource.DeletionPolicy !== undefined && resource.DeletionPolicy !== 'Delete',
    );
    const policies = kept.map((resource) => `${resource.Type} ${resource.DeletionPolicy}`).sort();
    expect(policies).toEqual([
      // Once the account's setting names the role, deleting it would break every API of the account that logs.
      'AWS::ApiGateway::Account Retain',
      'AWS::DynamoDB::Table RetainExceptOnCreate',
      'AWS::IAM::Role Retain',
      'AWS::Logs::LogGroup RetainExceptOnCreate',
      'AWS::Logs::LogGroup RetainExceptOnCreate',
      'AWS::Logs::LogGroup RetainExceptOnCreate',
      'AWS::Logs::LogGroup RetainExceptOnCreate',
    ]);
  });

  test('the API Gateway account setting can be left as the account has it', () => {
    expect(Object.keys(resources(template, 'AWS::ApiGateway::Account'))).toHaveLength(1);
    const left = synth({ apiGatewayCloudWatchRole: false });
    expect(Object.keys(resources(left, 'AWS::ApiGateway::Account'))).toHaveLength(0);
    expect(JSON.stringify(resources(left, 'AWS::IAM::Role'))).not.toContain(
      'AmazonAPIGatewayPushToCloudWatchLogs',
    );
  });
});

test('a stream rule the Lambda would refuse at cold start fails synth instead', () => {
  expect(() =>
    synth({
      streamPermissions: [{ stream: 'S', writers: ['arn:aws:iam::123456789012:role/team/deploy-*'] }],
    }),
  ).toThrow('cannot match roles by their path');
});

test('existingTableName attaches a table a destroyed stack left, and grants on it alone', () => {
  const attached = synth({ existingTableName: 'MigrationHub-TasksTable0123-ABCDEF' });
  expect(Object.keys(resources(attached, 'AWS::DynamoDB::Table'))).toHaveLength(0);
  const arn = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':dynamodb:eu-west-1:123456789012:table/MigrationHub-TasksTable0123-ABCDEF',
      ],
    ],
  };
  const functions = Object.values(resources(attached, 'AWS::Lambda::Function'));
  expect(functions).toHaveLength(3);
  for (const fn of functions) {
    expect(fn.Properties).toMatchObject({
      Environment: {
        Variables: expect.objectContaining({ MGH_TABLE_NAME: 'MigrationHub-TasksTable0123-ABCDEF' }),
      },
    });
  }
  const tableStatements = statementsOf(attached).filter((statement) =>
    JSON.stringify(statement.Action).includes('dynamodb:'),
  );
  expect(tableStatements).toHaveLength(3);
  for (const statement of tableStatements) expect(statement.Resource).toEqual(arn);
  attached.hasOutput('TableName', { Value: 'MigrationHub-TasksTable0123-ABCDEF' });
});

describe('metrics of this stack alone', () => {
  test('the REST API and its 5XX alarm carry the stack name', () => {
    const named = synth({}, 'MigrationHubSandbox');
    named.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'MigrationHubSandbox' });
    named.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5XXError',
      Dimensions: [{ Name: 'ApiName', Value: 'MigrationHubSandbox' }],
    });
  });
});

describe('X-Ray tracing is a setting, off by default', () => {
  const traced = synth({ tracing: true });

  test('off: no tracing on the stage or any Lambda, and no X-Ray permission', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: false });
    for (const fn of Object.values(resources(template, 'AWS::Lambda::Function'))) {
      expect(fn.Properties).not.toHaveProperty('TracingConfig');
    }
    expect(JSON.stringify(resources(template, 'AWS::IAM::Policy'))).not.toContain('xray:');
  });

  test('on: the stage and every Lambda trace, each role may send traces and nothing more', () => {
    traced.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    const functions = Object.values(resources(traced, 'AWS::Lambda::Function'));
    for (const fn of functions) expect(fn.Properties).toMatchObject({ TracingConfig: { Mode: 'Active' } });
    const wildcards = statementsOf(traced).filter((statement) => statement.Resource === '*');
    expect(wildcards).toHaveLength(functions.length);
    for (const statement of wildcards) {
      expect(statement).toEqual({
        Effect: 'Allow',
        Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        Resource: '*',
      });
    }
  });
});

describe('alarms reach a person', () => {
  const alarmsOf = (from: Template) => Object.values(resources(from, 'AWS::CloudWatch::Alarm'));

  test('by default no alarm has an action, and no topic exists', () => {
    expect(Object.keys(resources(template, 'AWS::SNS::Topic'))).toHaveLength(0);
    for (const alarm of alarmsOf(template)) expect(alarm.Properties).not.toHaveProperty('AlarmActions');
  });

  test('alarmEmail: a topic of its own, the address subscribed, every alarm sent when it fires and clears', () => {
    const mailed = synth({ alarmNotifications: { email: 'ops@example.com' } });
    const topics = Object.entries(resources(mailed, 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    const [topicId] = topics[0] ?? [];
    mailed.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId },
    });
    // Publishers must use TLS, and CloudWatch may publish for this account's alarms: the topic's policy replaces
    // SNS's default one, which would otherwise have let the account's alarms publish.
    mailed.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*'],
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
    const alarms = alarmsOf(mailed);
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
    }
  });

  test('alarmTopicArn: an existing topic, used as it is', () => {
    const paged = synth({ alarmNotifications: { topicArn: TOPIC_ARN } });
    expect(Object.keys(resources(paged, 'AWS::SNS::Topic'))).toHaveLength(0);
    for (const alarm of alarmsOf(paged)) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [TOPIC_ARN], OKActions: [TOPIC_ARN] });
    }
  });
});

/**
 * What EventBridge does with a plain-text input template: each `<name>` becomes the value at its path, a string
 * as it is and anything else as JSON. A path the event lacks fails the test rather than leaving a gap.
 */
function render(
  transformer: { InputPathsMap: Record<string, string>; InputTemplate: string },
  event: unknown,
) {
  return transformer.InputTemplate.replace(/<([A-Za-z0-9_-]+)>/g, (_placeholder, name: string) => {
    const path = transformer.InputPathsMap[name];
    if (!path) throw new Error(`<${name}> has no path`);
    let value: unknown = event;
    for (const key of path.replace(/^\$\./, '').split('.')) {
      value = (value as Record<string, unknown> | undefined)?.[key];
    }
    if (value === undefined) throw new Error(`the event has nothing at ${path}`);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

describe('stale tasks reach a person', () => {
  const mailed = synth({ staleTaskNotifications: { email: 'migration-team@example.com' } });
  const rules = () =>
    Object.values(resources(mailed, 'AWS::Events::Rule')).filter((rule) => rule.Properties?.EventPattern);
  const transformerFor = (detailType: string) => {
    const rule = rules().find((candidate) =>
      JSON.stringify(candidate.Properties?.EventPattern).includes(detailType),
    );
    const [target] = (rule?.Properties?.Targets ?? []) as {
      InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
    }[];
    if (!target) throw new Error(`no rule for ${detailType}`);
    return target.InputTransformer;
  };

  /** An event as EventBridge delivers it, with the detail the sweeper publishes (lambda/staleness/events.ts). */
  const envelope = (detailType: string, detail: Record<string, unknown>) => ({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': detailType,
    source: 'migration-hub',
    account: '123456789012',
    time: '2026-11-29T12:06:30Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  });

  test('one rule per event type on the sweeper’s bus, each sending to the mailed topic', () => {
    expect(rules().map((rule) => rule.Properties?.EventPattern)).toEqual([
      { source: ['migration-hub'], 'detail-type': ['Migration Task Stale'] },
      { source: ['migration-hub'], 'detail-type': ['Migration Task Recovered'] },
    ]);
    mailed.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'migration-team@example.com',
    });
    // EventBridge may publish to the topic it created.
    mailed.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('a stale event is rendered into the documented message', () => {
    const event = envelope('Migration Task Stale', {
      eventId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      accountId: '123456789012',
      progressUpdateStream: 'DMS',
      migrationTaskName: 'orders-db',
      lastState: { Status: 'IN_PROGRESS', ProgressPercent: 40, StatusDetail: 'Full load' },
      updateDateTime: '2026-11-29T12:00:00.000Z',
      nextUpdateSeconds: 300,
      deadline: '2026-11-29T12:05:00.000Z',
      overdueSeconds: 90,
    });
    expect(render(transformerFor('Migration Task Stale'), event)).toBe(
      'Migration task orders-db in stream DMS (account 123456789012) is stale: 90 s overdue.\n' +
        'Its last update, at 2026-11-29T12:00:00.000Z, said IN_PROGRESS and promised the next within 300 s ' +
        '(deadline 2026-11-29T12:05:00.000Z).\n' +
        'Region eu-west-1. Event id 0f1e2d3c4b5a69788796a5b4c3d2e1f0.',
    );
  });

  test('a recovered event is rendered into the documented message, with or without its new state', () => {
    const detail = {
      eventId: 'aa1e2d3c4b5a69788796a5b4c3d2e1f0',
      accountId: '123456789012',
      progressUpdateStream: 'DMS',
      migrationTaskName: 'orders-db',
      staleSince: '2026-11-29T12:05:00.000Z',
      staleUpdateDateTime: '2026-11-29T12:00:00.000Z',
    };
    const expected =
      'Migration task orders-db in stream DMS (account 123456789012) is reporting again.\n' +
      'It had been stale since 2026-11-29T12:05:00.000Z: its update of 2026-11-29T12:00:00.000Z missed its deadline.\n' +
      'Region eu-west-1. Event id aa1e2d3c4b5a69788796a5b4c3d2e1f0.';
    const transformer = transformerFor('Migration Task Recovered');
    expect(render(transformer, envelope('Migration Task Recovered', detail))).toBe(expected);
    const withState = {
      ...detail,
      state: { Status: 'COMPLETED' },
      updateDateTime: '2026-11-29T12:07:00.000Z',
    };
    expect(render(transformer, envelope('Migration Task Recovered', withState))).toBe(expected);
  });

  test.each([
    ['stale', STALE_TASK_MESSAGE],
    ['recovered', RECOVERED_TASK_MESSAGE],
  ] as const)('the %s message uses every field it maps, and no other', (_name, message: TextMessage) => {
    const used = [...message.template.matchAll(/<([A-Za-z0-9_-]+)>/g)].map((match) => match[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(message.fields)));
  });

  test('staleTaskTopicArn: an existing topic, no topic or subscription created', () => {
    const existing = synth({ staleTaskNotifications: { topicArn: TOPIC_ARN } });
    expect(Object.keys(resources(existing, 'AWS::SNS::Topic'))).toHaveLength(0);
    existing.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['Migration Task Stale'] },
      Targets: [Match.objectLike({ Arn: TOPIC_ARN })],
    });
  });
});

test('cdk-nag AwsSolutions with every setting on: no finding left unacknowledged', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new MigrationHubStack(app, 'MigrationHub', {
    env: ENV,
    tracing: true,
    reservedConcurrency: true,
    alarmNotifications: { email: 'ops@example.com' },
    staleTaskNotifications: { email: 'migration-team@example.com' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  expect(app.synth().getStackByName(stack.stackName).template).toHaveProperty('Resources');
});
