/**
 * The maintenance Lambda, run every minute by an EventBridge rule: finishes deleting the streams
 * DeleteProgressUpdateStream queued. It stops a little before its own timeout; the next run resumes.
 */
import type { Context } from 'aws-lambda';
import { powertoolsLogger } from '../api/lambda-telemetry';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { StreamDeletion } from '../store/stream-deletion';

const tableName = process.env.MGH_TABLE_NAME;
if (!tableName) throw new Error('Invalid environment: MGH_TABLE_NAME is required');

/** Time kept back from the Lambda timeout to finish the batch in hand and report. */
const MARGIN_MS = 15_000;
const graceSeconds = Number(process.env.MGH_DELETION_GRACE_SECONDS ?? 30);
if (!Number.isFinite(graceSeconds) || graceSeconds < 0) {
  throw new Error('Invalid environment: MGH_DELETION_GRACE_SECONDS must be a number of seconds');
}
const deletion = new StreamDeletion(createDynamoDbClient(), tableName, { graceSeconds });
const logger = powertoolsLogger();

export async function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const report = await deletion.run(Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS);
  logger.info('maintenance', { ...report });
  return report;
}
