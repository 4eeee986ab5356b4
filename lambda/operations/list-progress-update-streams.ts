import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';

export const ListProgressUpdateStreamsInput = z.object({ NextToken, MaxResults: maxResults(100) });
export type ListProgressUpdateStreamsInput = z.infer<typeof ListProgressUpdateStreamsInput>;

/** Default page size, the model's maximum. */
export const DEFAULT_MAX_RESULTS = 100;

/** The caller's account's streams that it may read, in name order; streams being deleted are left out. */
export const listProgressUpdateStreams = defineOperation({
  name: 'ListProgressUpdateStreams',
  input: ListProgressUpdateStreamsInput,
  access: 'read',
  async run({ NextToken: token, MaxResults }, { caller, store, mayRead, clock }) {
    const scope = ['ListProgressUpdateStreams', caller.accountId];
    const page = await paginate({ token, scope, clock }, (after) =>
      store.listStreams(caller.accountId, MaxResults ?? DEFAULT_MAX_RESULTS, after),
    );
    return {
      ProgressUpdateStreamSummaryList: (page?.items ?? [])
        .filter(mayRead)
        .map((stream) => ({ ProgressUpdateStreamName: stream })),
      ...(page?.NextToken !== undefined && { NextToken: page.NextToken }),
    };
  },
});
