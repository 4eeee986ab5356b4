import * as z from 'zod/mini';
import { MAX_DISCOVERED_RESOURCES_PER_TASK } from '../model/resources';
import { defineOperation } from './operation';
import { streamDeleting, taskNotFound, tooManyDiscoveredResources } from './resource-errors';
import { DiscoveredResource, DryRun, MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const AssociateDiscoveredResourceInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  DiscoveredResource,
  DryRun,
});
export type AssociateDiscoveredResourceInput = z.infer<typeof AssociateDiscoveredResourceInput>;

/**
 * Links an Application Discovery Service configuration id to the task, so ListMigrationTasks' ResourceName
 * finds the task by it. No discovery service is asked: any id the model allows is kept as given. Again with
 * the same id: replaces its description. At most MAX_DISCOVERED_RESOURCES_PER_TASK per task.
 */
export const associateDiscoveredResource = defineOperation({
  name: 'AssociateDiscoveredResource',
  input: AssociateDiscoveredResourceInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, DiscoveredResource: resource },
    { caller, store },
  ) {
    const outcome = await store.associateDiscoveredResource(
      { accountId: caller.accountId, stream, task },
      resource,
    );
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    if (outcome === 'too-many') {
      throw tooManyDiscoveredResources(stream, task, MAX_DISCOVERED_RESOURCES_PER_TASK);
    }
    return {};
  },
});
