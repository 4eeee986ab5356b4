import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { streamDeleting, taskNotFound } from './resource-errors';
import { DryRun, MigrationTaskName, ProgressUpdateStreamName, ResourceAttributeList } from './shapes';

export const PutResourceAttributesInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  ResourceAttributeList,
  DryRun,
});
export type PutResourceAttributesInput = z.infer<typeof PutResourceAttributesInput>;

/**
 * Records what the task migrates (IP and MAC addresses, FQDN, VM identifiers...), so it can be found by any of
 * those values with ListMigrationTasks' ResourceName (VM_NAME, VM_PATH and VM_MANAGED_OBJECT_REFERENCE only
 * beside a VM_MANAGER_ID, as the API reference says). A later call replaces the earlier attributes.
 */
export const putResourceAttributes = defineOperation({
  name: 'PutResourceAttributes',
  input: PutResourceAttributesInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, ResourceAttributeList: list },
    { caller, store },
  ) {
    const outcome = await store.putResourceAttributes({ accountId: caller.accountId, stream, task }, list);
    if (outcome === 'task-not-found') throw taskNotFound(stream, task);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    return {};
  },
});
