/**
 * What the maintenance, sweeper and connector Lambdas do in AWS, here on timers: finish stream deletions, sweep
 * for stale tasks (appending their events to MGH_DATA_DIR/events.jsonl), and poll the connectors' services.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Clock, systemClock } from '../lambda/clock';
import { ConnectorRunError, type Connectors } from '../lambda/connectors/connectors';
import { describeError, type Logger } from '../lambda/observability/logger';
import { Sweeper } from '../lambda/staleness/sweeper';
import { DynamoDbStalenessStore } from '../lambda/store/dynamodb-staleness-store';
import { StreamDeletion } from '../lambda/store/stream-deletion';
import { EVENTS_FILE, EventsFilePublisher } from './events-file';

/**
 * Runs a job now (resuming whatever a previous run left) and then every `intervalMs`, one run at a time; a
 * failed run is logged and the next one tries again.
 */
function backgroundJob(intervalMs: number, logger: Logger, name: string, run: () => Promise<void>) {
  let running: Promise<void> = Promise.resolve();
  const next = () => {
    running = running
      .then(run)
      .catch((error: unknown) => logger.error(`${name} failed; retrying later`, describeError(error)));
  };
  next();
  const timer = setInterval(next, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return running;
    },
  };
}

export interface BackgroundJobsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly dataDir: string;
  readonly logger: Logger;
  /** How often deleted streams' data is removed (as the maintenance Lambda does). @default 2_000 */
  readonly deletionIntervalMs?: number;
  /** How long a deleted stream waits before its data is removed (see StreamDeletion). @default 2 */
  readonly deletionGraceSeconds?: number;
  /** How often the staleness sweeper runs. @default 60_000 */
  readonly sweepIntervalMs?: number;
  /** Staleness lease shards the store writes. @default DEFAULT_LEASE_SHARDS */
  readonly leaseShards?: number;
  /** Connectors to poll, every `connectors.pollSeconds`. @default none */
  readonly connectors?: Connectors;
  /** What the jobs' decisions read the time from (not their timers). @default systemClock */
  readonly clock?: Clock;
}

/** Starts both jobs; `stop` ends their timers and waits for the runs in hand. */
export async function startBackgroundJobs(
  options: BackgroundJobsOptions,
): Promise<{ stop(): Promise<void> }> {
  const { client, tableName, logger, clock = systemClock } = options;
  // Local requests finish in milliseconds: a short deletion grace suffices (the Lambda's is 30 s).
  const deletion = new StreamDeletion(client, tableName, {
    graceSeconds: options.deletionGraceSeconds ?? 2,
    clock,
  });
  const deletionJob = backgroundJob(
    options.deletionIntervalMs ?? 2_000,
    logger,
    'stream deletion',
    async () => {
      const report = await deletion.run();
      if (report.streamsDeleted > 0) logger.info('deleted streams', { ...report });
    },
  );
  await mkdir(options.dataDir, { recursive: true });
  const leases = new DynamoDbStalenessStore(client, tableName, options.leaseShards);
  // Recorded before the endpoint answers, rather than by the first sweep while requests are being served: the
  // one write a sweep of nothing makes happens at start.
  await leases.shardCount();
  const sweeper = new Sweeper({
    store: leases,
    publisher: new EventsFilePublisher(join(options.dataDir, EVENTS_FILE), logger),
    clock,
  });
  const sweepJob = backgroundJob(options.sweepIntervalMs ?? 60_000, logger, 'staleness sweep', async () => {
    await sweeper.sweep();
  });
  const { connectors } = options;
  const connectorJob =
    connectors &&
    backgroundJob(connectors.pollSeconds * 1000, logger, 'connector poll', async () => {
      // A failed run has logged what failed, item by item and service by service: nothing more to say here.
      await connectors.poll().catch((error: unknown) => {
        if (!(error instanceof ConnectorRunError)) throw error;
      });
    });
  return {
    stop: async () => {
      await Promise.all([deletionJob.stop(), sweepJob.stop(), connectorJob?.stop()]);
    },
  };
}
