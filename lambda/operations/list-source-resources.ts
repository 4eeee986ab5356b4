import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';
import { taskNotFound } from './resource-errors';
import { MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const ListSourceResourcesInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  NextToken,
  MaxResults: maxResults(10),
});
export type ListSourceResourcesInput = z.infer<typeof ListSourceResourcesInput>;

/** Default page size, the model's maximum for this call. */
export const DEFAULT_MAX_RESULTS = 10;

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
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, NextToken: token, MaxResults },
    { caller, store, clock },
  ) {
    const scope = ['ListSourceResources', caller.accountId, stream, task];
    const key = { accountId: caller.accountId, stream, task };
    const page = await paginate({ token, scope, clock }, (after) =>
      store.listSourceResources(key, MaxResults ?? DEFAULT_MAX_RESULTS, after),
    );
    if (!page) throw taskNotFound(stream, task);
    const { items, ...next } = page;
    return { SourceResourceList: items, ...next };
  },
});
