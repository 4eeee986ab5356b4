import { defineOperation } from './operation';
import { listTaskItems, TaskListingInput } from './pagination';

export const ListSourceResourcesInput = TaskListingInput;
export type ListSourceResourcesInput = TaskListingInput;

/**
 * A task's source resources (in an order that is stable but not meaningful: by a digest of the name). The
 * model lists no HomeRegionNotSetException here: answered from any region, home region set or not.
 */
export const listSourceResources = defineOperation({
  name: 'ListSourceResources',
  input: ListSourceResourcesInput,
  access: 'read',
  homeRegion: { homeRegionOnly: false, needsHomeRegion: false },
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(input, { caller, store, clock }) {
    const { items, ...next } = await listTaskItems(
      'ListSourceResources',
      input,
      { accountId: caller.accountId, clock },
      (key, limit, after) => store.listSourceResources(key, limit, after),
    );
    return { SourceResourceList: items, ...next };
  },
});
