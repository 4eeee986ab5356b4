/**
 * The CDK app: `npx cdk deploy` (see README "Deploy"). Settings come from context (`-c name=value` or
 * cdk.json) and are checked by lib/context-settings.ts before anything is built.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContextSettingError, settingsFromContext } from '../lib/context-settings';
import { MigrationHubStack } from '../lib/migration-hub-stack';

const app = new App();
const region = process.env.CDK_DEFAULT_REGION;
const account = process.env.CDK_DEFAULT_ACCOUNT;
const settings = (() => {
  try {
    return settingsFromContext((name) => app.node.tryGetContext(name), { region, account });
  } catch (error) {
    if (!(error instanceof ContextSettingError)) throw error;
    // The message names the setting and the rule; a stack trace would only bury it.
    console.error(error.message);
    process.exit(1);
  }
})();
const { stackName, props } = settings;

new MigrationHubStack(app, stackName, {
  env: { account, region },
  description: 'Self-hosted AWS Migration Hub migration-task API',
  ...props,
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
