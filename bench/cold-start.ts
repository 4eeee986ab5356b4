/**
 * 2. Cold start: the API Lambda's bundle exactly as the CDK app builds it (ApiFunction, bundled by
 * ServiceFunction's esbuild options), loaded in a fresh `node` process the way the Lambda runtime loads it,
 * against an empty handler bundled the same way. Beside it, the alternatives the bundling decision weighed
 * (docs/decisions/007-bundle-and-performance.md), each synthesized by the same construct with one option changed.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { API_TABLE_ACTIONS, ApiFunction } from '../lib/api-function';
import { SERVICE_BUNDLING, ServiceFunction } from '../lib/service-function';
import { median } from './stats';
import { scratchDir } from './support';

const ROOT = resolve(__dirname, '..');

export interface BundleMeasurement {
  readonly name: string;
  readonly bytes: number;
  /** A fresh `node` process that loads the bundle and exits, wall clock. */
  readonly processMs: number;
  /** The `require` of the bundle alone, inside that process. */
  readonly requireMs: number;
}

export interface ColdStartResult {
  readonly empty: BundleMeasurement;
  /** The floor: a bundle of the bare DynamoDB document client, with the same options and externals. */
  readonly documentClient: BundleMeasurement;
  /** The bundle the CDK app deploys. */
  readonly deployed: BundleMeasurement;
  readonly alternatives: readonly BundleMeasurement[];
}

/** Everything the runtime would see: the deployed function's environment and Lambda's own variables. */
function lambdaEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example',
    AWS_SESSION_TOKEN: 'example',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    MGH_TABLE_NAME: 'migration-hub',
    MGH_HOME_REGION: 'us-east-1',
    POWERTOOLS_SERVICE_NAME: 'migration-hub',
    POWERTOOLS_METRICS_NAMESPACE: 'MigrationHub',
    NODE_OPTIONS: '--enable-source-maps',
    ...extra,
  };
}

interface Variant {
  readonly name: string;
  /** Builds the function in the stack; returns its construct id. */
  readonly build: (stack: Stack, table: Table) => string;
  /** Extra environment of the process that loads it. */
  readonly env?: Record<string, string>;
}

/** The deployed bundle again, loaded differently. */
const deployedBundle = () => 'Deployed';

function variantFunction(id: string, entry: string, bundling: BundlingOptions) {
  return (stack: Stack, table: Table) => {
    new ServiceFunction(stack, id, {
      entry,
      table,
      tableActions: API_TABLE_ACTIONS,
      memorySize: 512,
      timeout: Duration.seconds(15),
      functionProps: { bundling },
    });
    return id;
  };
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'empty handler',
    build: variantFunction('Empty', '../bench/fixtures/empty-handler.ts', SERVICE_BUNDLING),
  },
  {
    name: 'bare DynamoDB document client',
    build: variantFunction(
      'DocumentClient',
      '../bench/fixtures/document-client-handler.ts',
      SERVICE_BUNDLING,
    ),
  },
  {
    name: 'API, as deployed',
    build: (stack, table) => {
      new ApiFunction(stack, 'Deployed', { table, homeRegion: 'us-east-1' });
      return 'Deployed';
    },
  },
  {
    name: 'API, as deployed, without --enable-source-maps',
    build: deployedBundle,
    env: { NODE_OPTIONS: '' },
  },
  {
    name: 'API, runtime-provided SDK',
    build: variantFunction('RuntimeSdk', 'api/handler.ts', {
      ...SERVICE_BUNDLING,
      externalModules: ['@aws-sdk/*', '@smithy/*'],
    }),
    // Lambda's Node.js runtime resolves the SDK from /var/runtime/node_modules; here, the repository's.
    env: { NODE_PATH: join(ROOT, 'node_modules') },
  },
  {
    name: "API, packages' CommonJS builds",
    build: variantFunction('MainFirst', 'api/handler.ts', {
      ...SERVICE_BUNDLING,
      mainFields: ['main', 'module'],
    }),
  },
];

/** Synthesizes one stack holding every variant; returns each bundle's index.js. */
function synthesize(outdir: string): Map<string, string> {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench', { env: { account: '111122223333', region: 'us-east-1' } });
  const table = new Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
  });
  const ids = new Map(VARIANTS.map((variant) => [variant.name, variant.build(stack, table)]));
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  const bundles = new Map<string, string>();
  for (const [name, id] of ids) {
    const found = Object.entries(template.Resources).find(
      ([logicalId, resource]) => resource.Type === 'AWS::Lambda::Function' && logicalId.startsWith(id),
    );
    const key = found?.[1].Properties.Code?.S3Key;
    if (!key) throw new Error(`no Lambda function for ${name} in the template`);
    bundles.set(name, join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.js'));
  }
  return bundles;
}

/** One cold load: a new process requires the bundle, as the runtime does before the first invocation. */
function loadOnce(bundle: string, env: NodeJS.ProcessEnv): { processMs: number; requireMs: number } {
  const script =
    'const t = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t));';
  const began = performance.now();
  const run = spawnSync(process.execPath, ['-e', script, bundle], { env, encoding: 'utf8' });
  const processMs = performance.now() - began;
  if (run.status !== 0) throw new Error(`loading ${bundle} failed: ${run.stderr}`);
  return { processMs, requireMs: Number(run.stdout) };
}

export function measureColdStart({ rounds }: { rounds: number }): ColdStartResult {
  const out = scratchDir('cdk');
  try {
    const bundles = synthesize(out.path);
    const samples = new Map(
      VARIANTS.map((variant) => [variant.name, { process: [] as number[], require: [] as number[] }]),
    );
    // Round-robin, so a burst of load on this machine hits every variant alike. One unrecorded round first:
    // the first read of each file from disk is not what a warm-cached Lambda host sees either.
    for (let round = -1; round < rounds; round += 1) {
      for (const variant of VARIANTS) {
        const { processMs, requireMs } = loadOnce(
          bundles.get(variant.name) as string,
          lambdaEnvironment(variant.env),
        );
        if (round < 0) continue;
        samples.get(variant.name)?.process.push(processMs);
        samples.get(variant.name)?.require.push(requireMs);
      }
    }
    const measured = VARIANTS.map((variant): BundleMeasurement => {
      const entry = samples.get(variant.name);
      return {
        name: variant.name,
        bytes: statSync(bundles.get(variant.name) as string).size,
        processMs: median(entry?.process ?? []),
        requireMs: median(entry?.require ?? []),
      };
    });
    const [empty, documentClient, deployed, ...alternatives] = measured;
    if (!empty || !documentClient || !deployed) throw new Error('missing measurements');
    return { empty, documentClient, deployed, alternatives };
  } finally {
    out.remove();
  }
}
