import { defineOperation } from './operation';
import { listTaskItems, TaskListingInput } from './pagination';

export const ListCreatedArtifactsInput = TaskListingInput;
export type ListCreatedArtifactsInput = TaskListingInput;

/** A task's created artifacts (in an order that is stable but not meaningful: by a digest of the name). */
export const listCreatedArtifacts = defineOperation({
  name: 'ListCreatedArtifacts',
  input: ListCreatedArtifactsInput,
  access: 'read',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(input, { caller, store, clock }) {
    const { items, ...next } = await listTaskItems(
      'ListCreatedArtifacts',
      input,
      { accountId: caller.accountId, clock },
      (key, limit, after) => store.listArtifacts(key, limit, after),
    );
    return { CreatedArtifactList: items, ...next };
  },
});
