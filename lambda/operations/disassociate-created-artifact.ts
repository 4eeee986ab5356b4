import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { artifactNotFound, streamDeleting, taskNotFound } from './resource-errors';
import { CreatedArtifactName, DryRun, MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const DisassociateCreatedArtifactInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  CreatedArtifactName,
  DryRun,
});
export type DisassociateCreatedArtifactInput = z.infer<typeof DisassociateCreatedArtifactInput>;

export const disassociateCreatedArtifact = defineOperation({
  name: 'DisassociateCreatedArtifact',
  input: DisassociateCreatedArtifactInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, CreatedArtifactName: name },
    { caller, store },
  ) {
    const outcome = await store.disassociateArtifact({ accountId: caller.accountId, stream, task }, name);
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    if (outcome === 'artifact-not-found') throw artifactNotFound(stream, task, name);
    return {};
  },
});
