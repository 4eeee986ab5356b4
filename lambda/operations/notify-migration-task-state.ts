import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { streamDeleting, taskNotFound } from './resource-errors';
import {
  DryRun,
  MigrationTaskName,
  NextUpdateSeconds,
  ProgressUpdateStreamName,
  Task,
  Timestamp,
} from './shapes';

export const NotifyMigrationTaskStateInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  Task,
  UpdateDateTime: Timestamp,
  NextUpdateSeconds,
  DryRun,
});
export type NotifyMigrationTaskStateInput = z.infer<typeof NotifyMigrationTaskStateInput>;

/**
 * Records a task's progress. The newest update by UpdateDateTime is the task's state whatever order updates
 * arrive in; an older one is still answered 200 and kept in the history.
 */
export const notifyMigrationTaskState = defineOperation({
  name: 'NotifyMigrationTaskState',
  input: NotifyMigrationTaskStateInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(input, { caller, store, annotate }) {
    const { ProgressUpdateStream: stream, MigrationTaskName: task } = input;
    const outcome = await store.notify(
      { accountId: caller.accountId, stream, task },
      { task: input.Task, updateDateTime: input.UpdateDateTime, nextUpdateSeconds: input.NextUpdateSeconds },
    );
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    if (outcome === 'superseded') annotate({ outOfOrder: true });
    return {};
  },
});
