/**
 * The sweeper Lambda, run every minute by an EventBridge rule: publishes "Migration Task Stale" and
 * "Migration Task Recovered" events to the bus MGH_EVENT_BUS_NAME names. It stops a little before its own
 * timeout; the next run resumes from the cursors. A sweep that could not finish (storage or PutEvents still
 * failing after retries) fails the invocation, which the sweeper-errors alarm counts.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { systemClock } from '../clock';
import { powertoolsLogger } from '../observability/powertools';
import { leaseShardsSetting, requiredSetting } from '../settings';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { DynamoDbStalenessStore } from '../store/dynamodb-staleness-store';
import { EventBridgePublisher } from './event-bridge-publisher';
import { Sweeper } from './sweeper';

/** Time kept back from the Lambda timeout to finish the page in hand and report. */
const MARGIN_MS = 10_000;

const sweeper = new Sweeper({
  store: new DynamoDbStalenessStore(
    createDynamoDbClient(),
    requiredSetting('MGH_TABLE_NAME'),
    leaseShardsSetting(),
  ),
  publisher: new EventBridgePublisher({
    client: new EventBridgeClient({ maxAttempts: 3 }),
    eventBusName: requiredSetting('MGH_EVENT_BUS_NAME'),
  }),
});
const logger = powertoolsLogger();

export async function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const report = await sweeper.sweep(systemClock.nowMs() + context.getRemainingTimeInMillis() - MARGIN_MS);
  logger.info('sweep', { ...report });
  return report;
}
