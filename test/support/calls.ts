/**
 * The calls tests make against a running endpoint, written once: a raw signed awsJson request (for members and
 * values the SDK would not send) and the SDK command of one notification.
 */
import { NotifyMigrationTaskStateCommand, type Task } from '@aws-sdk/client-migration-hub';
import type { Principal } from '../../local/credentials';
import { type RawResponse, signedRequest } from '../integration/support/endpoint';

/**
 * One operation as a signed awsJson1_1 request with any body, as `as` (the default principal unless said).
 * `operation` is one of Migration Hub, or a whole X-Amz-Target (`AWSMigrationHubMultiAccountService.GetHomeRegion`).
 */
export function callApi(url: string, operation: string, body: unknown, as?: Principal): Promise<RawResponse> {
  return signedRequest(url, {
    target: operation.includes('.') ? operation : `AWSMigrationHub.${operation}`,
    body: JSON.stringify(body),
    ...(as && { as }),
  });
}

/** A notification of `task` in `stream`; `at` as a Date or in epoch seconds (the SDK sends whole seconds). */
export function notifyCommand(
  stream: string,
  task: string,
  state: Task,
  at: Date | number,
  nextUpdateSeconds = 60,
): NotifyMigrationTaskStateCommand {
  return new NotifyMigrationTaskStateCommand({
    ProgressUpdateStream: stream,
    MigrationTaskName: task,
    Task: state,
    UpdateDateTime: typeof at === 'number' ? new Date(at * 1000) : at,
    NextUpdateSeconds: nextUpdateSeconds,
  });
}
