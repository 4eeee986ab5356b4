/**
 * The sweeper Lambda, run every minute by an EventBridge rule: publishes "Migration Task Stale" and
 * "Migration Task Recovered" events to the bus MGH_EVENT_BUS_NAME names. It stops a little before its own
 * timeout; the next run resumes from the cursors. A sweep that could not finish (storage or PutEvents still
 * failing after retries) fails the invocation, which the sweeper-errors alarm counts.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { powertoolsLogger } from '../api/lambda-telemetry';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { DynamoDbStalenessStore } from '../store/dynamodb-staleness-store';
import { EventBridgePublisher } from './event-bridge-publisher';
import { DEFAULT_SWEEP_LAG_SECONDS, Sweeper } from './sweeper';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Invalid environment: ${name} is required`);
  return value;
}

const lagSeconds = Number(process.env.MGH_SWEEP_LAG_SECONDS ?? DEFAULT_SWEEP_LAG_SECONDS);
if (!Number.isFinite(lagSeconds) || lagSeconds < 0) {
  throw new Error('Invalid environment: MGH_SWEEP_LAG_SECONDS must be a number of seconds');
}
/** Time kept back from the Lambda timeout to finish the page in hand and report. */
const MARGIN_MS = 10_000;

const sweeper = new Sweeper({
  store: new DynamoDbStalenessStore(createDynamoDbClient(), required('MGH_TABLE_NAME')),
  publisher: new EventBridgePublisher({
    client: new EventBridgeClient({ maxAttempts: 3 }),
    eventBusName: required('MGH_EVENT_BUS_NAME'),
  }),
  lagSeconds,
});
const logger = powertoolsLogger();

export async function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const report = await sweeper.sweep(Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS);
  logger.info('sweep', { ...report });
  return report;
}
