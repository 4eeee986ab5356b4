import * as z from 'zod/mini';
import { FROM_ANY_REGION } from '../access/home-region';
import { defineOperation } from './operation';
import { streamNotFound } from './resource-errors';
import { DryRun, ProgressUpdateStreamName } from './shapes';

export const DeleteProgressUpdateStreamInput = z.object({ ProgressUpdateStreamName, DryRun });
export type DeleteProgressUpdateStreamInput = z.infer<typeof DeleteProgressUpdateStreamInput>;

/**
 * Deletes a stream with all its tasks, their history and artifacts, asynchronously as the real service does:
 * the stream refuses writes at once (InvalidInputException), its data is removed in the background, and its
 * name can be created again once that is done. Deleting a stream that is already being deleted succeeds. Like
 * a read, it is answered from any region (Migration Hub user guide).
 */
export const deleteProgressUpdateStream = defineOperation({
  name: 'DeleteProgressUpdateStream',
  input: DeleteProgressUpdateStreamInput,
  access: 'write',
  homeRegion: FROM_ANY_REGION,
  target: (input) => ({ stream: input.ProgressUpdateStreamName }),
  async run({ ProgressUpdateStreamName: stream }, { caller, store }) {
    const outcome = await store.beginStreamDeletion({ accountId: caller.accountId, stream });
    if (outcome === 'stream-not-found') throw streamNotFound(stream);
    return {};
  },
});
