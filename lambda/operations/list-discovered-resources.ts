import { defineOperation } from './operation';
import { listTaskItems, TaskListingInput } from './pagination';

export const ListDiscoveredResourcesInput = TaskListingInput;
export type ListDiscoveredResourcesInput = TaskListingInput;

/** A task's discovered resources (in an order that is stable but not meaningful: by a digest of the id). */
export const listDiscoveredResources = defineOperation({
  name: 'ListDiscoveredResources',
  input: ListDiscoveredResourcesInput,
  access: 'read',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(input, { caller, store, clock }) {
    const { items, ...next } = await listTaskItems(
      'ListDiscoveredResources',
      input,
      { accountId: caller.accountId, clock },
      (key, limit, after) => store.listDiscoveredResources(key, limit, after),
    );
    return { DiscoveredResourceList: items, ...next };
  },
});
