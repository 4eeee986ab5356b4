import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';
import { taskNotFound } from './resource-errors';
import { MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const ListCreatedArtifactsInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
  NextToken,
  MaxResults: maxResults(10),
});
export type ListCreatedArtifactsInput = z.infer<typeof ListCreatedArtifactsInput>;

/** Default page size, the model's maximum for this call. */
export const DEFAULT_MAX_RESULTS = 10;

/** A task's created artifacts (in an order that is stable but not meaningful: by a digest of the name). */
export const listCreatedArtifacts = defineOperation({
  name: 'ListCreatedArtifacts',
  input: ListCreatedArtifactsInput,
  access: 'read',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run(
    { ProgressUpdateStream: stream, MigrationTaskName: task, NextToken: token, MaxResults },
    { caller, store, clock },
  ) {
    const scope = ['ListCreatedArtifacts', caller.accountId, stream, task];
    const key = { accountId: caller.accountId, stream, task };
    const page = await paginate({ token, scope, clock }, (after) =>
      store.listArtifacts(key, MaxResults ?? DEFAULT_MAX_RESULTS, after),
    );
    if (!page) throw taskNotFound(stream, task);
    const { items, ...next } = page;
    return { CreatedArtifactList: items, ...next };
  },
});
