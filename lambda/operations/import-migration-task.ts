import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { streamDeleting, streamNotFound } from './resource-errors';
import { DryRun, MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const ImportMigrationTaskInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  DryRun,
});
export type ImportMigrationTaskInput = z.infer<typeof ImportMigrationTaskInput>;

/** Registers a task in an existing stream. Importing a task that exists succeeds without resetting it. */
export const importMigrationTask = defineOperation({
  name: 'ImportMigrationTask',
  input: ImportMigrationTaskInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run({ ProgressUpdateStream: stream, MigrationTaskName: task }, { caller, store }) {
    const outcome = await store.importTask({ accountId: caller.accountId, stream, task });
    if (outcome === 'stream-not-found') throw streamNotFound(stream);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    return {};
  },
});
