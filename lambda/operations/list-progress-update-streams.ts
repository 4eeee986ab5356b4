import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { decodeToken, encodeToken, maxResults, NextToken, POSITION } from './pagination';

export const ListProgressUpdateStreamsInput = z.object({ NextToken, MaxResults: maxResults(100) });
export type ListProgressUpdateStreamsInput = z.infer<typeof ListProgressUpdateStreamsInput>;

/** Default page size, the model's maximum. */
export const DEFAULT_MAX_RESULTS = 100;

/** The caller's account's streams that it may read, in name order; streams being deleted are left out. */
export const listProgressUpdateStreams = defineOperation({
  name: 'ListProgressUpdateStreams',
  input: ListProgressUpdateStreamsInput,
  access: 'read',
  async run({ NextToken: token, MaxResults }, { caller, store, mayRead }) {
    const now = Date.now() / 1000;
    const scope = ['ListProgressUpdateStreams', caller.accountId];
    const after = decodeToken(token, scope, now, [POSITION.stream])?.[0];
    const page = await store.listStreams(caller.accountId, MaxResults ?? DEFAULT_MAX_RESULTS, after);
    return {
      ProgressUpdateStreamSummaryList: page.items
        .filter(mayRead)
        .map((stream) => ({ ProgressUpdateStreamName: stream })),
      ...(page.next !== undefined && { NextToken: encodeToken(scope, [page.next], now) }),
    };
  },
});
