/**
 * The maintenance Lambda, run every minute by an EventBridge rule: finishes deleting the streams
 * DeleteProgressUpdateStream queued. It stops a little before its own timeout; the next run resumes.
 */
import type { Context } from 'aws-lambda';
import { systemClock } from '../clock';
import { powertoolsLogger } from '../observability/powertools';
import { requiredSetting, secondsSetting } from '../settings';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { StreamDeletion } from '../store/stream-deletion';

/** Time kept back from the Lambda timeout to finish the batch in hand and report. */
const MARGIN_MS = 15_000;
const deletion = new StreamDeletion(createDynamoDbClient(), requiredSetting('MGH_TABLE_NAME'), {
  graceSeconds: secondsSetting('MGH_DELETION_GRACE_SECONDS', 30),
});
const logger = powertoolsLogger();

export async function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const report = await deletion.run(systemClock.nowMs() + context.getRemainingTimeInMillis() - MARGIN_MS);
  logger.info('maintenance', { ...report });
  return report;
}
