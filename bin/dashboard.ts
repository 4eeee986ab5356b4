/**
 * `npm run dashboard -- --endpoint URL --region R`: the dashboard on this machine, reading a deployed stack's
 * API with the user's own AWS credentials (the default provider chain: environment, profile, SSO, ...),
 * signed for API Gateway. Nothing is deployed for it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { jsonLogger } from '../lambda/observability/logger';
import { isLoopback } from '../local/config';
import { DashboardData } from '../local/dashboard/dashboard-data';
import { createDashboardHandler } from '../local/dashboard/dashboard-handler';
import { MigrationHubReader } from '../local/dashboard/migration-hub-reader';
import { buildPageAssets } from '../local/dashboard/page-assets';

const DEFAULT_DASHBOARD_PORT = 6441;

const USAGE = `Usage: npm run dashboard -- --endpoint URL --region REGION [--port ${DEFAULT_DASHBOARD_PORT}] [--host 127.0.0.1] [--profile NAME]

  --endpoint  the deployed API, the stack's MigrationHub.EndpointUrl output
  --region    the region the stack is deployed in
  --port      where to serve the dashboard (0 picks a free port)
  --host      the address to bind
  --profile   an AWS profile, instead of the default credential chain's choice`;

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' },
      region: { type: 'string' },
      port: { type: 'string', default: String(DEFAULT_DASHBOARD_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { endpoint, region, host } = values;
  if (!endpoint || !region) throw new Error(`--endpoint and --region are required\n\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port must be an integer from 0 to 65535, not '${values.port}'`);
  return { endpoint, region, port, host, profile: values.profile };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const reader = new MigrationHubReader({
    endpoint: options.endpoint,
    region: options.region,
    signingName: 'execute-api',
    credentials: fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
  });
  const handler = createDashboardHandler({
    data: new DashboardData(reader, `${reader.endpoint} (${options.region})`),
    assets: buildPageAssets(),
    boundHost: options.host,
    logger: jsonLogger,
  });
  const server = createServer((request, response) => {
    if (handler(request, response)) return;
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  // Credentials or access that do not work are better told now than as a banner on an empty page.
  try {
    const streams = await reader.listStreams();
    console.log(
      `reading ${reader.endpoint} in ${options.region}: ${streams.length} progress update stream(s)`,
    );
  } catch (error) {
    console.warn(
      `WARNING: could not read ${reader.endpoint} yet: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isLoopback(options.host)) {
    console.warn(
      `WARNING: --host ${options.host} is not a loopback address: anyone who can reach this machine can read ` +
        'your migration through your credentials.',
    );
  }
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  console.log(`Migration Hub dashboard on http://${shownHost}:${port}/`);

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Could not start the dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
