/**
 * The CDK app: `npx cdk deploy` (see README "Deploy"). Settings come from context (`-c name=value` or
 * cdk.json); the stack's own props document each one.
 */
import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseStreamRules } from '../lambda/access/stream-rules';
import { MigrationHubStack, type MigrationHubStackProps } from '../lib/migration-hub-stack';

const app = new App();
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return value === undefined || value === null ? undefined : String(value);
};

function positiveNumber(name: string): number | undefined {
  const value = context(name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`context ${name} must be a positive number`);
  return parsed;
}

function retention(): RetentionDays | undefined {
  const days = positiveNumber('logRetentionDays');
  if (days === undefined) return undefined;
  if (!Object.values(RetentionDays).includes(days)) {
    throw new Error(
      `context logRetentionDays must be one of CloudWatch's retention periods (1, 3, 5, 7, 14, 30, 60, 90, ...)`,
    );
  }
  return days as RetentionDays;
}

function removalPolicy(): RemovalPolicy | undefined {
  const value = context('removalPolicy');
  if (value === undefined) return undefined;
  if (value !== 'retain' && value !== 'destroy')
    throw new Error("context removalPolicy must be 'retain' or 'destroy'");
  return value === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}

const homeRegion = context('homeRegion');
const accounts = context('allowedAccounts');
const organization = context('allowedOrganizationId');
const permissions = context('streamPermissions');
const eventBusName = context('eventBusName');
const props: MigrationHubStackProps = {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'Self-hosted AWS Migration Hub migration-task API',
  ...(homeRegion !== undefined && { homeRegion: homeRegion === 'none' ? null : homeRegion }),
  ...(accounts && { allowedAccounts: accounts.split(',').map((account) => account.trim()) }),
  ...(organization && { allowedOrganizationId: organization }),
  ...(permissions && { streamPermissions: parseStreamRules(permissions, 'context streamPermissions') }),
  ...(eventBusName && { eventBusName }),
};
const rate = positiveNumber('throttlingRateLimit');
const burst = positiveNumber('throttlingBurstLimit');
const logRetention = retention();
const removal = removalPolicy();

new MigrationHubStack(app, context('stackName') ?? 'MigrationHub', {
  ...props,
  ...(rate !== undefined && { throttlingRateLimit: rate }),
  ...(burst !== undefined && { throttlingBurstLimit: burst }),
  ...(logRetention !== undefined && { logRetention }),
  ...(removal !== undefined && { removalPolicy: removal }),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
