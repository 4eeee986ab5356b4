/**
 * `npm start`: the Migration Hub API on this machine, with no AWS account (see README).
 */
import { join } from 'node:path';
import { jsonLogger } from '../lambda/observability/logger';
import { LONGEST_REQUEST_SECONDS } from '../lambda/store/dynamodb-client';
import { isLoopback, readLocalConfig } from '../local/config';
import { localDashboard } from '../local/dashboard/local-dashboard';
import { EVENTS_FILE } from '../local/events-file';
import { startLocalEndpoint } from '../local/server';

async function main(): Promise<void> {
  const config = readLocalConfig();
  const endpoint = await startLocalEndpoint({
    ...config,
    logger: jsonLogger,
    pages: localDashboard({ ...config, logger: jsonLogger }),
  });
  const storage = config.dynamoDbEndpoint ?? `dynalite in ${config.dataDir}`;
  console.log(
    `home region: ${config.homeRegion ?? '(not set)'}; principals: ${config.principals.size}; storage: ${storage}`,
  );
  console.log(
    `stale-task sweep every ${config.sweepIntervalMs / 1000} s (lease lead ${config.leaseLeadSeconds} s); ` +
      `events: ${join(config.dataDir, EVENTS_FILE)}`,
  );
  if (!isLoopback(config.host)) {
    console.warn(
      `WARNING: HOST=${config.host} is not a loopback address. Anyone who can reach this machine and holds one of ` +
        'the configured access keys (including the documented example keys) can call this endpoint, and anyone ' +
        "who can reach it can read the dashboard (the first principal's streams and tasks) without signing.",
    );
  }
  if (config.leaseLeadSeconds < LONGEST_REQUEST_SECONDS) {
    console.warn(
      `WARNING: MGH_LEASE_LEAD_SECONDS=${config.leaseLeadSeconds} is shorter than a notification's write can ` +
        `take (${LONGEST_REQUEST_SECONDS} s): a sweep may pass a notification still being written, and that task ` +
        'would not be reported stale when it should. Fine for a demo; keep the default otherwise.',
    );
  }
  if (process.env.MGH_SWEEP_LAG_SECONDS !== undefined) {
    console.warn(
      'WARNING: MGH_SWEEP_LAG_SECONDS is no longer read: a sweep reads up to the present, and each lease is due ' +
        'no earlier than MGH_LEASE_LEAD_SECONDS after its write starts.',
    );
  }
  if (config.connectorNames.length > 0) {
    console.log(
      `connectors: ${config.connectorNames.join(', ')}, polled every ${config.connectorPollSeconds} s with your AWS ` +
        `credentials and region (read-only describe calls; see README "Connectors")`,
    );
  }
  console.log(`dashboard: ${endpoint.url}/`);
  // The ready line comes last: tools wait for it, and everything above is printed by then.
  console.log(`Migration Hub local endpoint listening on ${endpoint.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: stopping now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing requests in flight (send it again to stop at once)`);
    endpoint.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `Could not start the local endpoint: ${error instanceof Error ? error.message : String(error)}`,
  );
  if (error instanceof Error && error.cause) console.error(error.cause);
  process.exit(1);
});
