// Jest runs these kinds of tests as separate projects (see README "Test"): unit (pure modules and
// injected faults), infra (the CDK template), integration on dynalite, the same integration
// suite on DynamoDB Local (AWS's own engine) whenever `java` is on PATH, and the dashboard in
// headless Chromium whenever /usr/bin/chromium exists.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

// The SDK's notice that its 2027 releases need Node 22 says nothing about the code under test.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// ts-jest transpiles only (tsconfig isolatedModules); `npm run typecheck` type-checks once.
// @middy/core ships ESM only, so it is transformed too.
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true } }] },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
};

const integrationFiles = ['<rootDir>/test/integration/**/*.test.ts'];

const hasJava = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
// The AWS CLI test needs the `aws` command (AWS CLI v1 or v2); it is client interop, so dynalite only.
const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasAwsCli) process.stderr.write('jest: `aws` not found, the AWS CLI test does not run\n');
// The CLI model test (`npm run install-cli-model`) and the CLI tests of home regions and application states also
// drive boto3.
const hasBoto3 = hasAwsCli && spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
if (hasAwsCli && !hasBoto3) {
  process.stderr.write('jest: python3 with boto3 not found, the AWS CLI model test does not run\n');
}
if (!hasJava) {
  process.stderr.write('jest: `java` not found, the integration suite runs on dynalite only\n');
}
// The dashboard's browser tests drive Debian's Chromium (CI installs it when absent).
const hasChromium = existsSync('/usr/bin/chromium');
if (!hasChromium)
  process.stderr.write('jest: /usr/bin/chromium not found, the dashboard e2e tests do not run\n');

module.exports = {
  // Integration tests start a server and an engine; on a busy two-core machine that can take seconds.
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...base,
      // The promises of README "Guarantees" under faults, crashes and hostile input. The ordering race under
      // load runs in both integration projects; `npm run test:reliability` runs it beside these.
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: integrationFiles,
      testPathIgnorePatterns: [
        ...(hasAwsCli ? [] : ['/test/integration/aws-cli\\.test\\.ts$']),
        ...(hasBoto3 ? [] : ['/test/integration/aws-cli-(model|home-region|applications)\\.test\\.ts$']),
      ],
    },
    ...(hasJava
      ? [
          {
            ...base,
            displayName: 'integration-dynamodb-local',
            testMatch: integrationFiles,
            globals: { MGH_TEST_ENGINE: 'dynamodb-local' },
            // npm start always runs on its embedded dynalite.
            testPathIgnorePatterns: [
              '/test/integration/(npm-start|aws-cli|aws-cli-model|aws-cli-home-region|aws-cli-applications)\\.test\\.ts$',
            ],
            globalSetup: '<rootDir>/test/integration/support/dynamodb-local-setup.ts',
            globalTeardown: '<rootDir>/test/integration/support/dynamodb-local-teardown.ts',
          },
        ]
      : []),
    ...(hasChromium
      ? [
          {
            ...base,
            // `npm run test:e2e`: the dashboard in headless Chromium; screenshots in test-artifacts/dashboard/.
            displayName: 'e2e',
            testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
          },
        ]
      : []),
  ],
};
