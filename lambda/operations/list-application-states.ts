import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';
import { ApplicationIds } from './shapes';

export const ListApplicationStatesInput = z.object({
  ApplicationIds: z.optional(ApplicationIds),
  NextToken,
  MaxResults: maxResults(100),
});
export type ListApplicationStatesInput = z.infer<typeof ListApplicationStatesInput>;

export const DEFAULT_MAX_RESULTS = 100;

/**
 * The account's application states, in an order that is stable but not meaningful (by a digest of the id);
 * with ApplicationIds, only those, and ids never notified are simply absent.
 */
export const listApplicationStates = defineOperation({
  name: 'ListApplicationStates',
  input: ListApplicationStatesInput,
  access: 'read',
  async run(
    { ApplicationIds: applicationIds, NextToken: token, MaxResults },
    { caller, applications, clock },
  ) {
    // The ids as sent, as one part: an id may contain any character, so joining them could not tell lists apart.
    const scope = ['ListApplicationStates', caller.accountId, JSON.stringify(applicationIds ?? null)];
    const page = await paginate({ token, scope, clock }, (after) =>
      applications.list(caller.accountId, MaxResults ?? DEFAULT_MAX_RESULTS, {
        ...(after !== undefined && { after }),
        ...(applicationIds !== undefined && { applicationIds }),
      }),
    );
    return {
      ApplicationStateList: (page?.items ?? []).map((state) => ({
        ApplicationId: state.applicationId,
        ApplicationStatus: state.status,
        LastUpdatedTime: state.updateDateTime,
      })),
      ...(page?.NextToken !== undefined && { NextToken: page.NextToken }),
    };
  },
});
