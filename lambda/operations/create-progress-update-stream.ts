import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { streamDeleting } from './resource-errors';
import { DryRun, ProgressUpdateStreamName } from './shapes';

export const CreateProgressUpdateStreamInput = z.object({
  ProgressUpdateStreamName: ProgressUpdateStreamName,
  DryRun,
});
export type CreateProgressUpdateStreamInput = z.infer<typeof CreateProgressUpdateStreamInput>;

/** Creating a stream that exists succeeds and changes nothing, so a tool can call it at every start. */
export const createProgressUpdateStream = defineOperation({
  name: 'CreateProgressUpdateStream',
  input: CreateProgressUpdateStreamInput,
  access: 'write',
  target: (input) => ({ stream: input.ProgressUpdateStreamName }),
  async run({ ProgressUpdateStreamName: stream }, { caller, store }) {
    const outcome = await store.createStream({ accountId: caller.accountId, stream }, caller.arn);
    if (outcome === 'stream-deleting') throw streamDeleting(stream);
    return {};
  },
});
