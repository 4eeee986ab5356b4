import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { sourceResourceNotFound, streamDeleting, taskNotFound } from './resource-errors';
import { DryRun, MigrationTaskName, ProgressUpdateStreamName, SourceResourceName } from './shapes';

export const DisassociateSourceResourceInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  SourceResourceName,
  DryRun,
});
export type DisassociateSourceResourceInput = z.infer<typeof DisassociateSourceResourceInput>;

/** Unlinks a source resource from the task. Home region: as AssociateSourceResource. */
export const disassociateSourceResource = defineOperation({
  name: 'DisassociateSourceResource',
  input: DisassociateSourceResourceInput,
  access: 'write',
  homeRegion: { homeRegionOnly: true, needsHomeRegion: false },
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, SourceResourceName: name },
    { caller, store },
  ) {
    const outcome = await store.disassociateSourceResource(
      { accountId: caller.accountId, stream, task },
      name,
    );
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    if (outcome === 'not-associated') throw sourceResourceNotFound(stream, task, name);
    return {};
  },
});
