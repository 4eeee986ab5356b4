import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { discoveredResourceNotFound, streamDeleting, taskNotFound } from './resource-errors';
import { ConfigurationId, DryRun, MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const DisassociateDiscoveredResourceInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  ConfigurationId,
  DryRun,
});
export type DisassociateDiscoveredResourceInput = z.infer<typeof DisassociateDiscoveredResourceInput>;

/** Unlinks a configuration id from the task: no longer listed, and ResourceName no longer finds the task by it. */
export const disassociateDiscoveredResource = defineOperation({
  name: 'DisassociateDiscoveredResource',
  input: DisassociateDiscoveredResourceInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, ConfigurationId: id },
    { caller, store },
  ) {
    const outcome = await store.disassociateDiscoveredResource(
      { accountId: caller.accountId, stream, task },
      id,
    );
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    if (outcome === 'not-associated') throw discoveredResourceNotFound(stream, task, id);
    return {};
  },
});
