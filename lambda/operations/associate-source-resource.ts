import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { streamDeleting, taskNotFound } from './resource-errors';
import { DryRun, MigrationTaskName, ProgressUpdateStreamName, SourceResource } from './shapes';

export const AssociateSourceResourceInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  SourceResource,
  DryRun,
});
export type AssociateSourceResourceInput = z.infer<typeof AssociateSourceResourceInput>;

/**
 * Links a source resource (a server, an application, a migration wave) to the task. Again with the same name:
 * replaces it. The model lists no HomeRegionNotSetException here: with no home region set it answers as usual;
 * with one set, only there, as every write.
 */
export const associateSourceResource = defineOperation({
  name: 'AssociateSourceResource',
  input: AssociateSourceResourceInput,
  access: 'write',
  homeRegion: { homeRegionOnly: true, needsHomeRegion: false },
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, SourceResource: resource },
    { caller, store },
  ) {
    const outcome = await store.associateSourceResource(
      { accountId: caller.accountId, stream, task },
      resource,
    );
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    return {};
  },
});
