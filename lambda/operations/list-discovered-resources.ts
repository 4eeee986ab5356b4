import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';
import { taskNotFound } from './resource-errors';
import { MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const ListDiscoveredResourcesInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  NextToken,
  MaxResults: maxResults(10),
});
export type ListDiscoveredResourcesInput = z.infer<typeof ListDiscoveredResourcesInput>;

/** Default page size, the model's maximum for this call. */
export const DEFAULT_MAX_RESULTS = 10;

/** A task's discovered resources (in an order that is stable but not meaningful: by a digest of the id). */
export const listDiscoveredResources = defineOperation({
  name: 'ListDiscoveredResources',
  input: ListDiscoveredResourcesInput,
  access: 'read',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, NextToken: token, MaxResults },
    { caller, store, clock },
  ) {
    const scope = ['ListDiscoveredResources', caller.accountId, stream, task];
    const key = { accountId: caller.accountId, stream, task };
    const page = await paginate({ token, scope, clock }, (after) =>
      store.listDiscoveredResources(key, MaxResults ?? DEFAULT_MAX_RESULTS, after),
    );
    if (!page) throw taskNotFound(stream, task);
    const { items, ...next } = page;
    return { DiscoveredResourceList: items, ...next };
  },
});
