/**
 * The connectors in the template: off by default; when on, one Lambda with the API's table grants and only the
 * read-only MGN/DMS calls its sources make, a rule per service on its events, a poll schedule, the same API
 * settings as the API Lambda, an errors alarm, and nothing cdk-nag would flag unacknowledged.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONNECTOR_ACTIONS, CONNECTOR_EVENTS } from '../../lambda/connectors/catalog';
import { API_TABLE_ACTIONS } from '../../lib/api-function';
import { settingsFromContext } from '../../lib/context-settings';
import { MigrationHubStack, type MigrationHubStackProps } from '../../lib/migration-hub-stack';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function stack(props: MigrationHubStackProps = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const built = new MigrationHubStack(app, 'MigrationHub', { env: ENV, ...props });
  return { app, built, template: Template.fromStack(built) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
const connectorFunctions = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function') as Resources).filter(([id]) =>
    id.startsWith('Connectors'),
  );

test('off by default: no connector Lambda, rule or alarm', () => {
  const { template, built } = stack();
  expect(connectorFunctions(template)).toHaveLength(0);
  expect(built.connectors).toBeUndefined();
  const patterns = Object.values(template.findResources('AWS::Events::Rule') as Resources).map((rule) =>
    JSON.stringify(rule.Properties?.EventPattern ?? null),
  );
  expect(patterns.join()).not.toMatch(/aws\.(mgn|dms)/);
  expect(built.alarms.connectorErrors).toBeUndefined();
});

describe.each([
  [['mgn'] as const, 5],
  [['dms'] as const, 15],
  [['mgn', 'dms'] as const, 5],
])('connectors %j, polled every %i minutes', (connectors, pollMinutes) => {
  const { template, built, app } = stack({ connectors: [...connectors], connectorPollMinutes: pollMinutes });

  test('one Lambda, on Node.js 22 arm64, told which connectors run, how often, and the API settings', () => {
    const [[, fn] = ['', {}]] = connectorFunctions(template);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: Math.min(pollMinutes, 10) * 60,
      Environment: {
        Variables: {
          MGH_CONNECTORS: connectors.join(','),
          MGH_CONNECTOR_POLL_SECONDS: String(pollMinutes * 60),
          MGH_HOME_REGION: 'eu-west-1',
          MGH_TABLE_NAME: { Ref: expect.stringMatching(/^TasksTable/) },
        },
      },
    });
    expect(connectorFunctions(template)).toHaveLength(1);
  });

  test('a rule per service on exactly its events, and a poll schedule without retries', () => {
    for (const name of connectors) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: [CONNECTOR_EVENTS[name].source],
          'detail-type': CONNECTOR_EVENTS[name].detailTypes,
        },
        Targets: [
          Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Connectors'), 'Arn'] } }),
        ],
      });
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${pollMinutes} minutes)`,
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
  });

  test('the role: the API table actions on the table, and only the services’ read-only calls', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy') as Resources).filter(([id]) =>
      id.startsWith('Connectors'),
    );
    type Document = { Statement: Array<{ Action: string | string[] }> };
    const statements = policies.flatMap(
      ([, policy]) => ((policy.Properties?.PolicyDocument ?? { Statement: [] }) as Document).Statement,
    );
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    const serviceActions = actions.filter((action) => /^(mgn|dms):/.test(action)).sort();
    expect(serviceActions).toEqual(connectors.flatMap((name) => CONNECTOR_ACTIONS[name]).sort());
    for (const action of serviceActions) expect(action).toMatch(/:(Describe|List)/);
    const tableActions = actions.filter((action) => action.startsWith('dynamodb:')).sort();
    expect(tableActions).toEqual([...API_TABLE_ACTIONS].sort());
  });

  test('an alarm on its errors', () => {
    expect(built.alarms.connectorErrors).toBeDefined();
    expect(built.alarms.alarms).toContain(built.alarms.connectorErrors);
  });

  test('cdk-nag AwsSolutions: no finding left unacknowledged', () => {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(app.synth().getStackByName(built.stackName).template).toHaveProperty('Resources');
  });
});

describe('context settings', () => {
  const read = (values: Record<string, unknown>) => (name: string) => values[name];

  test('-c connectors=mgn,dms and -c connectorPollMinutes, or a list in cdk.json', () => {
    expect(
      settingsFromContext(read({ connectors: 'mgn,dms', connectorPollMinutes: '2' })).props,
    ).toMatchObject({
      connectors: ['mgn', 'dms'],
      connectorPollMinutes: 2,
    });
    expect(settingsFromContext(read({ connectors: ['dms'] })).props.connectors).toEqual(['dms']);
    expect(settingsFromContext(read({})).props).not.toHaveProperty('connectors');
  });

  test('an unknown connector or a poll that is not a whole number of minutes stops synth, naming the setting', () => {
    expect(() => settingsFromContext(read({ connectors: 'mgn,sms' }))).toThrow(
      /^context connectors is not a list of connectors: .*'sms'; the connectors are mgn, dms/,
    );
    expect(() => settingsFromContext(read({ connectorPollMinutes: '0.5' }))).toThrow(
      /^context connectorPollMinutes must be a positive whole number/,
    );
    expect(() => settingsFromContext(read({ connectorPollMinutes: '2000' }))).toThrow(/at most 1440/);
  });
});
