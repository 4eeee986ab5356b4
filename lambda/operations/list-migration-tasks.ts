import * as z from 'zod/mini';
import { nowSeconds } from '../clock';
import { stalenessMembers } from '../model/staleness';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';
import { ResourceName } from './shapes';

export const ListMigrationTasksInput = z.object({
  NextToken,
  MaxResults: maxResults(100),
  ResourceName: z.optional(ResourceName),
});
export type ListMigrationTasksInput = z.infer<typeof ListMigrationTasksInput>;

export const DEFAULT_MAX_RESULTS = 100;

/**
 * Every task of the caller's account in the streams it may read, stream by stream in name order; with
 * ResourceName, only tasks that have a resource attribute of that value (VM_NAME, VM_PATH and
 * VM_MANAGED_OBJECT_REFERENCE only beside a VM_MANAGER_ID) or a discovered resource of that ConfigurationId
 * (lambda/model/resources.ts), found through a search index in an order of its own, at a cost that follows the
 * matches rather than the account (docs/decisions/014-resource-search-index.md). Beyond the model, each summary of a task that has reported carries `Stale` and
 * `StaleSince` (see lambda/model/staleness.ts).
 */
export const listMigrationTasks = defineOperation({
  name: 'ListMigrationTasks',
  input: ListMigrationTasksInput,
  access: 'read',
  async run({ NextToken: token, MaxResults, ResourceName: resourceName }, { caller, store, mayRead, clock }) {
    const now = nowSeconds(clock);
    const scope = ['ListMigrationTasks', caller.accountId, resourceName ?? ''];
    const page = await paginate({ token, scope, clock }, (after) =>
      store.listTasks(caller.accountId, MaxResults ?? DEFAULT_MAX_RESULTS, {
        ...(after !== undefined && { after }),
        ...(resourceName !== undefined && { resourceName }),
        streamFilter: mayRead,
      }),
    );
    return {
      MigrationTaskSummaryList: (page?.items ?? []).map(({ stream, task, latest }) => ({
        ProgressUpdateStream: stream,
        MigrationTaskName: task,
        ...(latest && {
          Status: latest.task.Status,
          ...(latest.task.ProgressPercent !== undefined && { ProgressPercent: latest.task.ProgressPercent }),
          ...(latest.task.StatusDetail !== undefined && { StatusDetail: latest.task.StatusDetail }),
          UpdateDateTime: latest.updateDateTime,
          ...stalenessMembers(latest, now),
        }),
      })),
      ...(page?.NextToken !== undefined && { NextToken: page.NextToken }),
    };
  },
});
