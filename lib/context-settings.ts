/**
 * The CDK app's settings, read from context (`npx cdk deploy -c name=value`, or cdk.json) and checked at synth:
 * a bad value stops `cdk synth` and `cdk deploy` with a message naming the setting, instead of a template that
 * CloudFormation rejects halfway through a deploy, or one that deploys and then refuses every call.
 */
import { RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { parseStreamRules } from '../lambda/access/stream-rules';
import { parseConnectorNames } from '../lambda/connectors/settings';
import { MAX_LEASE_SHARDS } from '../lambda/store/staleness-store';
import type { MigrationHubStackProps } from './migration-hub-stack';

/** Every setting the app reads, as documented in the README's "Deploy". */
export const CONTEXT_SETTINGS = [
  'stackName',
  'homeRegion',
  'allowedAccounts',
  'allowedOrganizationId',
  'streamPermissions',
  'throttlingRateLimit',
  'throttlingBurstLimit',
  'logRetentionDays',
  'historyRetentionDays',
  'leaseShards',
  'connectors',
  'connectorPollMinutes',
  'removalPolicy',
  'existingTableName',
  'tableDeletionProtection',
  'eventBusName',
  'reservedConcurrency',
  'tracing',
  'apiGatewayCloudWatchRole',
  'alarmEmail',
  'alarmTopicArn',
  'staleTaskEmail',
  'staleTaskTopicArn',
] as const;
export type ContextSetting = (typeof CONTEXT_SETTINGS)[number];

/** A context lookup: `app.node.tryGetContext`. Values arrive as strings from `-c`, as JSON types from cdk.json. */
export type ContextReader = (name: string) => unknown;

export interface AppSettings {
  readonly stackName: string;
  readonly props: Omit<MigrationHubStackProps, 'env' | 'description'>;
}

/** A setting that cannot be used, with its name first so the reader knows which line to fix. */
export class ContextSettingError extends Error {
  constructor(setting: ContextSetting, problem: string) {
    super(`context ${setting} ${problem}`);
    this.name = 'ContextSettingError';
  }
}

const ACCOUNT_ID = /^\d{12}$/;
/** AWS Organizations' documented pattern for an organization id. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** CloudFormation's stack name rule. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** DynamoDB's table name rule. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
/** EventBridge's event bus name rule (a name, not an ARN: the bus is in this account and region). */
const EVENT_BUS_NAME = /^[A-Za-z0-9._-]{1,256}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
/** Deliberately loose: SNS confirms the address by sending it a mail; this catches typos such as a missing @. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Where the stack is deployed, when known at synth: the CLI sets CDK_DEFAULT_REGION and _ACCOUNT from the credentials. */
export interface DeployTarget {
  readonly region?: string | undefined;
  readonly account?: string | undefined;
}

/** Reads and checks every setting. The home region and any topic must be in the stack's region (and account). */
export function settingsFromContext(
  read: ContextReader,
  { region, account }: DeployTarget = {},
): AppSettings {
  const text = (name: ContextSetting): string | undefined => {
    const value = read(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') return JSON.stringify(value);
    const string = String(value).trim();
    return string === '' ? undefined : string;
  };
  const matching = (name: ContextSetting, pattern: RegExp, rule: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && !pattern.test(value)) {
      throw new ContextSettingError(name, `must be ${rule}, not '${value}'`);
    }
    return value;
  };
  const bool = (name: ContextSetting): boolean | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw new ContextSettingError(name, `must be true or false, not '${value}'`);
    }
    return value === 'true';
  };
  const positive = (name: ContextSetting, integer: boolean): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed))) {
      throw new ContextSettingError(
        name,
        `must be a positive ${integer ? 'whole number' : 'number'}, not '${value}'`,
      );
    }
    return parsed;
  };
  const topic = (name: ContextSetting): string | undefined => {
    const value = matching(name, SNS_TOPIC_ARN, 'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)');
    if (value === undefined) return undefined;
    const [, topicRegion = '', topicAccount = ''] = SNS_TOPIC_ARN.exec(value) ?? [];
    if (region !== undefined && !Token.isUnresolved(region) && topicRegion !== region) {
      throw new ContextSettingError(
        name,
        `must be in the stack's region ${region}, not ${topicRegion} ('${value}')`,
      );
    }
    if (account !== undefined && !Token.isUnresolved(account) && topicAccount !== account) {
      throw new ContextSettingError(
        name,
        `must be in the stack's account ${account}, not ${topicAccount} ('${value}'): ` +
          "the stack cannot let CloudWatch or EventBridge publish to another account's topic",
      );
    }
    return value;
  };
  const oneOf = (email: ContextSetting, arn: ContextSetting) => {
    const address = matching(email, EMAIL, 'an email address');
    const topicArn = topic(arn);
    if (address !== undefined && topicArn !== undefined) {
      throw new ContextSettingError(email, `and ${arn} cannot both be given: choose one`);
    }
    return { ...(address && { email: address }), ...(topicArn && { topicArn }) };
  };

  const stackName = matching(
    'stackName',
    STACK_NAME,
    'a CloudFormation stack name (a letter, then letters, digits and hyphens, at most 128)',
  );
  // A comma-separated string from `-c`, or a list in cdk.json.
  const listed: unknown = read('allowedAccounts');
  const accounts = Array.isArray(listed)
    ? listed.map((entry) => String(entry).trim())
    : text('allowedAccounts')
        ?.split(',')
        .map((entry) => entry.trim());
  const badAccount = accounts?.find((entry) => !ACCOUNT_ID.test(entry));
  if (badAccount !== undefined) {
    throw new ContextSettingError(
      'allowedAccounts',
      `must be 12-digit AWS account ids separated by commas, not '${badAccount}'`,
    );
  }
  const organization = matching(
    'allowedOrganizationId',
    ORGANIZATION_ID,
    'an AWS Organizations id (o- then 10 to 32 lowercase letters or digits)',
  );
  if (organization !== undefined && accounts !== undefined) {
    throw new ContextSettingError(
      'allowedOrganizationId',
      'and allowedAccounts cannot both be given: choose one',
    );
  }
  const permissions = text('streamPermissions');
  let streamPermissions: MigrationHubStackProps['streamPermissions'];
  if (permissions !== undefined) {
    try {
      streamPermissions = parseStreamRules(permissions, 'its value');
    } catch (error) {
      throw new ContextSettingError(
        'streamPermissions',
        `is not a valid list of rules: ${(error as Error).message}`,
      );
    }
  }
  const logRetention = positive('logRetentionDays', true);
  if (logRetention !== undefined && !Object.values(RetentionDays).includes(logRetention)) {
    throw new ContextSettingError(
      'logRetentionDays',
      `must be one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, ` +
        `545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), not ${logRetention}`,
    );
  }
  const historyRetention = positive('historyRetentionDays', true);
  if (historyRetention !== undefined && historyRetention > 36_500) {
    throw new ContextSettingError(
      'historyRetentionDays',
      `must be at most 36500 (100 years), not ${historyRetention}`,
    );
  }
  const leaseShards = positive('leaseShards', true);
  if (leaseShards !== undefined && leaseShards > MAX_LEASE_SHARDS) {
    throw new ContextSettingError('leaseShards', `must be at most ${MAX_LEASE_SHARDS}, not ${leaseShards}`);
  }
  // A comma-separated string from `-c`, or a list in cdk.json.
  const connectorList: unknown = read('connectors');
  let connectors: MigrationHubStackProps['connectors'];
  try {
    connectors = parseConnectorNames(
      Array.isArray(connectorList) ? connectorList.join(',') : text('connectors'),
      'connectors',
    );
  } catch (error) {
    throw new ContextSettingError('connectors', `is not a list of connectors: ${(error as Error).message}`);
  }
  const pollMinutes = positive('connectorPollMinutes', true);
  if (pollMinutes !== undefined && pollMinutes > 1440) {
    throw new ContextSettingError('connectorPollMinutes', `must be at most 1440 (a day), not ${pollMinutes}`);
  }
  const removal = text('removalPolicy');
  if (removal !== undefined && removal !== 'retain' && removal !== 'destroy') {
    throw new ContextSettingError('removalPolicy', `must be 'retain' or 'destroy', not '${removal}'`);
  }
  const alarms = oneOf('alarmEmail', 'alarmTopicArn');
  const staleTasks = oneOf('staleTaskEmail', 'staleTaskTopicArn');

  const props: AppSettings['props'] = {
    ...homeRegionSetting(text('homeRegion'), region),
    ...(accounts && { allowedAccounts: accounts }),
    ...(organization && { allowedOrganizationId: organization }),
    ...(streamPermissions && { streamPermissions }),
    ...optional('throttlingRateLimit', positive('throttlingRateLimit', false)),
    ...optional('throttlingBurstLimit', positive('throttlingBurstLimit', true)),
    ...optional('logRetention', logRetention as RetentionDays | undefined),
    ...optional('historyRetentionDays', historyRetention),
    ...optional('leaseShards', leaseShards),
    ...(connectors.length > 0 && { connectors }),
    ...optional('connectorPollMinutes', pollMinutes),
    ...(removal && {
      removalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    }),
    ...optional(
      'existingTableName',
      matching('existingTableName', TABLE_NAME, "a DynamoDB table's name (3-255 of A-Z a-z 0-9 _ . -)"),
    ),
    ...optional('tableDeletionProtection', bool('tableDeletionProtection')),
    ...optional(
      'eventBusName',
      matching('eventBusName', EVENT_BUS_NAME, 'the name of an event bus in this account and region'),
    ),
    ...optional('reservedConcurrency', bool('reservedConcurrency')),
    ...optional('tracing', bool('tracing')),
    ...optional('apiGatewayCloudWatchRole', bool('apiGatewayCloudWatchRole')),
    ...(Object.keys(alarms).length > 0 && { alarmNotifications: alarms }),
    ...(Object.keys(staleTasks).length > 0 && { staleTaskNotifications: staleTasks }),
  };
  return { stackName: stackName ?? 'MigrationHub', props };
}

/**
 * API Gateway accepts only signatures for the region it is deployed in, so a home region elsewhere would make
 * every call fail the home-region check: the home region is the stack's region, or none at all.
 */
function homeRegionSetting(value: string | undefined, region: string | undefined) {
  if (value === undefined) return {};
  if (value === 'none') return { homeRegion: null };
  if (!REGION.test(value)) {
    throw new ContextSettingError('homeRegion', `must be an AWS region name or 'none', not '${value}'`);
  }
  if (region === undefined || Token.isUnresolved(region)) {
    throw new ContextSettingError(
      'homeRegion',
      `is ${value}, but the stack's region is not known at synth: set AWS_REGION (or a profile with a region) ` +
        'so it can be checked, or leave homeRegion out: it defaults to the stack region',
    );
  }
  if (value !== region) {
    throw new ContextSettingError(
      'homeRegion',
      `must be the stack's region (${region}) or 'none', not '${value}': API Gateway accepts only requests ` +
        `signed for ${region}, so a home region elsewhere would refuse every call`,
    );
  }
  return { homeRegion: value };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
