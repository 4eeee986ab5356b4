import * as z from 'zod/mini';
import { nowSeconds } from '../clock';
import { stalenessMembers } from '../model/staleness';
import { defineOperation } from './operation';
import { taskNotFound } from './resource-errors';
import { MigrationTaskName, ProgressUpdateStreamName } from './shapes';

export const DescribeMigrationTaskInput = z.object({
  ProgressUpdateStream: ProgressUpdateStreamName,
  MigrationTaskName,
});
export type DescribeMigrationTaskInput = z.infer<typeof DescribeMigrationTaskInput>;

/**
 * The task's current state: the update with the latest UpdateDateTime. Task is absent before the first one.
 * Beyond the model: `Stale` and `StaleSince` (see lambda/model/staleness.ts).
 */
export const describeMigrationTask = defineOperation({
  name: 'DescribeMigrationTask',
  input: DescribeMigrationTaskInput,
  access: 'read',
  target: (input) => ({ stream: input.ProgressUpdateStream, task: input.MigrationTaskName }),
  async run({ ProgressUpdateStream: stream, MigrationTaskName: task }, { caller, store, clock }) {
    const state = await store.describeTask({ accountId: caller.accountId, stream, task });
    if (!state) throw taskNotFound(stream, task);
    return {
      MigrationTask: {
        ProgressUpdateStream: state.stream,
        MigrationTaskName: state.task,
        ...(state.latest && {
          Task: state.latest.task,
          UpdateDateTime: state.latest.updateDateTime,
          ...stalenessMembers(state.latest, nowSeconds(clock)),
        }),
        ResourceAttributeList: state.resourceAttributes,
      },
    };
  },
});
