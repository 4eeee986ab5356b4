import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { streamDeleting, taskNotFound } from './resource-errors';
import { CreatedArtifact, DryRun, MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const AssociateCreatedArtifactInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  CreatedArtifact,
  DryRun,
});
export type AssociateCreatedArtifactInput = z.infer<typeof AssociateCreatedArtifactInput>;

/** Links what the migration created (the new instance's ARN) to the task. Again with the same name: replaces. */
export const associateCreatedArtifact = defineOperation({
  name: 'AssociateCreatedArtifact',
  input: AssociateCreatedArtifactInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, CreatedArtifact: artifact },
    { caller, store },
  ) {
    const outcome = await store.associateArtifact({ accountId: caller.accountId, stream, task }, artifact);
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    return {};
  },
});
