import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';
import { taskNotFound } from './resource-errors';
import { MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const ListMigrationTaskUpdatesInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  NextToken,
  MaxResults: maxResults(100),
});
export type ListMigrationTaskUpdatesInput = z.infer<typeof ListMigrationTaskUpdatesInput>;

export const DEFAULT_MAX_RESULTS = 100;

/**
 * Every update a task accepted, oldest first by UpdateDateTime (updates with equal times in tie-break order),
 * older-than-current ones included: the task's history as the migration tool reported it.
 */
export const listMigrationTaskUpdates = defineOperation({
  name: 'ListMigrationTaskUpdates',
  input: ListMigrationTaskUpdatesInput,
  access: 'read',
  // The model lists no HomeRegionNotSetException for this call: with no home region set, it answers as usual.
  homeRegion: { homeRegionOnly: false, needsHomeRegion: false },
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, NextToken: token, MaxResults },
    { caller, store, clock },
  ) {
    const scope = ['ListMigrationTaskUpdates', caller.accountId, stream, task];
    const page = await paginate({ token, scope, clock }, (after) =>
      store.listUpdates(
        { accountId: caller.accountId, stream, task },
        MaxResults ?? DEFAULT_MAX_RESULTS,
        after,
      ),
    );
    if (!page) throw taskNotFound(stream, task);
    const { items, ...next } = page;
    const updates = items.map((update) => ({
      UpdateDateTime: update.updateDateTime,
      UpdateType: 'MIGRATION_TASK_STATE_UPDATED',
      MigrationTaskState: update.task,
    }));
    return { MigrationTaskUpdateList: updates, ...next };
  },
});
