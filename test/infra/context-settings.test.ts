/**
 * The app's settings are checked at synth: each bad value stops synthesis with a message naming the setting,
 * before CloudFormation or the first call could find out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { ContextSettingError, settingsFromContext } from '../../lib/context-settings';

const REGION = 'eu-west-1';
const settings = (context: Record<string, unknown>) =>
  settingsFromContext((name) => context[name], { region: REGION, account: '111122223333' });

test('nothing set: the stack named MigrationHub with every default', () => {
  expect(settings({})).toEqual({ stackName: 'MigrationHub', props: {} });
});

test('every setting, as `-c name=value` passes it (strings)', () => {
  expect(
    settings({
      stackName: 'MigrationHubSandbox',
      homeRegion: 'eu-west-1',
      allowedAccounts: '111122223333, 444455556666',
      streamPermissions: '[{"stream":"DMS","writers":["arn:aws:iam::111122223333:role/dms"]}]',
      throttlingRateLimit: '250.5',
      throttlingBurstLimit: '500',
      logRetentionDays: '30',
      historyRetentionDays: '400',
      leaseShards: '8',
      removalPolicy: 'destroy',
      existingTableName: 'MigrationHub-TasksTable0123-ABCDEF',
      tableDeletionProtection: 'true',
      eventBusName: 'migrations',
      reservedConcurrency: 'true',
      tracing: 'false',
      apiGatewayCloudWatchRole: 'false',
      alarmEmail: 'ops@example.com',
      staleTaskTopicArn: 'arn:aws:sns:eu-west-1:111122223333:migration-team',
    }),
  ).toEqual({
    stackName: 'MigrationHubSandbox',
    props: {
      homeRegion: 'eu-west-1',
      allowedAccounts: ['111122223333', '444455556666'],
      streamPermissions: [{ stream: 'DMS', writers: ['arn:aws:iam::111122223333:role/dms'] }],
      throttlingRateLimit: 250.5,
      throttlingBurstLimit: 500,
      logRetention: 30,
      historyRetentionDays: 400,
      leaseShards: 8,
      removalPolicy: RemovalPolicy.DESTROY,
      existingTableName: 'MigrationHub-TasksTable0123-ABCDEF',
      tableDeletionProtection: true,
      eventBusName: 'migrations',
      reservedConcurrency: true,
      tracing: false,
      apiGatewayCloudWatchRole: false,
      alarmNotifications: { email: 'ops@example.com' },
      staleTaskNotifications: { topicArn: 'arn:aws:sns:eu-west-1:111122223333:migration-team' },
    },
  });
});

test('JSON types from cdk.json are read the same; retain keeps the table except on a failed first create', () => {
  expect(settings({ allowedAccounts: ['111122223333', 444455556666] }).props).toEqual({
    allowedAccounts: ['111122223333', '444455556666'],
  });
  expect(
    settings({
      reservedConcurrency: true,
      throttlingBurstLimit: 50,
      removalPolicy: 'retain',
      homeRegion: 'none',
      allowedOrganizationId: 'o-a1b2c3d4e5',
      streamPermissions: [{ stream: '*', writers: ['*'] }],
    }).props,
  ).toEqual({
    reservedConcurrency: true,
    throttlingBurstLimit: 50,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    homeRegion: null,
    allowedOrganizationId: 'o-a1b2c3d4e5',
    streamPermissions: [{ stream: '*', writers: ['*'] }],
  });
});

test.each([
  [
    { homeRegion: 'us-west-2' },
    "context homeRegion must be the stack's region (eu-west-1) or 'none', not 'us-west-2'",
  ],
  [{ homeRegion: 'Ireland' }, "context homeRegion must be an AWS region name or 'none', not 'Ireland'"],
  [
    { allowedAccounts: '123' },
    "context allowedAccounts must be 12-digit AWS account ids separated by commas, not '123'",
  ],
  [{ allowedAccounts: '111122223333,o-abc' }, "not 'o-abc'"],
  [{ allowedOrganizationId: 'org-1' }, 'context allowedOrganizationId must be an AWS Organizations id'],
  [
    { allowedOrganizationId: 'o-a1b2c3d4e5', allowedAccounts: '111122223333' },
    'context allowedOrganizationId and allowedAccounts cannot both be given',
  ],
  [{ throttlingRateLimit: 'fast' }, "context throttlingRateLimit must be a positive number, not 'fast'"],
  [{ throttlingRateLimit: '0' }, "context throttlingRateLimit must be a positive number, not '0'"],
  [
    { throttlingBurstLimit: '2.5' },
    "context throttlingBurstLimit must be a positive whole number, not '2.5'",
  ],
  [{ logRetentionDays: '45' }, "context logRetentionDays must be one of CloudWatch Logs' retention periods"],
  [{ leaseShards: '0' }, "context leaseShards must be a positive whole number, not '0'"],
  [{ leaseShards: '101' }, 'context leaseShards must be at most 100, not 101'],
  [
    { historyRetentionDays: '1.5' },
    "context historyRetentionDays must be a positive whole number, not '1.5'",
  ],
  [
    { historyRetentionDays: '40000' },
    'context historyRetentionDays must be at most 36500 (100 years), not 40000',
  ],
  [{ removalPolicy: 'snapshot' }, "context removalPolicy must be 'retain' or 'destroy', not 'snapshot'"],
  [{ existingTableName: 'a b' }, "context existingTableName must be a DynamoDB table's name"],
  [{ tableDeletionProtection: 'yes' }, "context tableDeletionProtection must be true or false, not 'yes'"],
  [{ reservedConcurrency: '1' }, "context reservedConcurrency must be true or false, not '1'"],
  [{ tracing: 'on' }, "context tracing must be true or false, not 'on'"],
  [
    { eventBusName: 'arn:aws:events:eu-west-1:1:event-bus/x' },
    'context eventBusName must be the name of an event bus',
  ],
  [{ streamPermissions: '[{"stream":"S"}]' }, 'context streamPermissions is not a valid list of rules'],
  [
    { streamPermissions: '[{"stream":"S","writers":["arn:aws:iam::111122223333:role/team/*"]}]' },
    'cannot match roles by their path',
  ],
  [{ alarmEmail: 'ops.example.com' }, "context alarmEmail must be an email address, not 'ops.example.com'"],
  [{ alarmTopicArn: 'ops-pager' }, 'context alarmTopicArn must be an SNS topic ARN'],
  [
    { alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:ops' },
    "context alarmTopicArn must be in the stack's region eu-west-1, not us-east-1",
  ],
  [
    { staleTaskTopicArn: 'arn:aws:sns:eu-west-1:444455556666:team' },
    "context staleTaskTopicArn must be in the stack's account 111122223333, not 444455556666",
  ],
  [
    { alarmEmail: 'ops@example.com', alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops' },
    'context alarmEmail and alarmTopicArn cannot both be given',
  ],
  [{ staleTaskEmail: 'team' }, "context staleTaskEmail must be an email address, not 'team'"],
  [
    { staleTaskTopicArn: 'arn:aws:sqs:eu-west-1:111122223333:q' },
    'context staleTaskTopicArn must be an SNS topic ARN',
  ],
  [{ stackName: '1-hub' }, 'context stackName must be a CloudFormation stack name'],
])('%o is refused: %s', (context, message) => {
  expect(() => settings(context)).toThrow(ContextSettingError);
  expect(() => settings(context)).toThrow(message);
});

test('a home region cannot be checked when the stack region is unknown, so it is refused with the way out', () => {
  const unknownRegion = (context: Record<string, unknown>) =>
    settingsFromContext((name) => context[name], {});
  expect(() => unknownRegion({ homeRegion: 'eu-west-1' })).toThrow(
    "context homeRegion is eu-west-1, but the stack's region is not known at synth: set AWS_REGION",
  );
  expect(unknownRegion({ homeRegion: 'none' }).props).toEqual({ homeRegion: null });
});

test('the app itself stops with the message alone, and exit code 1', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'mgh-cdk-out-'));
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_DEFAULT_REGION: 'eu-west-1',
        CDK_DEFAULT_ACCOUNT: '123456789012',
        // How the CDK CLI hands `-c` settings to the app.
        CDK_CONTEXT_JSON: JSON.stringify({ homeRegion: 'us-west-2' }),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "context homeRegion must be the stack's region (eu-west-1) or 'none', not 'us-west-2': API Gateway " +
        'accepts only requests signed for eu-west-1, so a home region elsewhere would refuse every call',
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 60_000);
