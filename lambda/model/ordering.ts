/**
 * The product's central rule: which of two updates of a task is the newer (see
 * docs/decisions/002-ordering-and-idempotency.md). The later UpdateDateTime wins; for equal times, the tie-break
 * key below; and a digest of the update's content names it, so that a retry is recognised as the same update.
 * The store turns the rule into its conditional write; the sweeper and the tests reason with it.
 */
import { createHash } from 'node:crypto';
import type { MigrationStatus } from './status';
import type { TaskUpdate } from './task';

/**
 * A digest of everything an update says: history keys built from it are idempotent (a retry rewrites its own
 * item) and distinct updates at the same time never share one.
 */
export function updateDigest(update: TaskUpdate): string {
  const { Status, StatusDetail, ProgressPercent } = update.task;
  const canonical = JSON.stringify([
    update.updateDateTime,
    update.nextUpdateSeconds,
    Status,
    StatusDetail ?? null,
    ProgressPercent ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** How far along a status is, for ties. Stored tie-break keys carry these numbers: they never change. */
const STATUS_RANK: Readonly<Record<MigrationStatus, number>> = {
  NOT_STARTED: 0,
  IN_PROGRESS: 1,
  FAILED: 2,
  COMPLETED: 3,
};

/**
 * How two updates with the same UpdateDateTime are ordered (SDKs that send whole seconds make such ties
 * common): the further-along state wins (COMPLETED > FAILED > IN_PROGRESS > NOT_STARTED, then the higher
 * ProgressPercent), and the content digest decides between the rest. The key compares as a string, so a
 * DynamoDB condition can use it, and the outcome never depends on arrival order.
 */
export function tieBreakKey(update: TaskUpdate, digest: string = updateDigest(update)): string {
  const progress = String((update.task.ProgressPercent ?? -1) + 1).padStart(3, '0');
  return `${STATUS_RANK[update.task.Status]}|${progress}|${digest}`;
}

/** True when `candidate` would replace `current` as a task's state: later, or as late and not behind on the tie-break. */
export function supersedes(candidate: TaskUpdate, current: TaskUpdate | undefined): boolean {
  if (current === undefined) return true;
  if (candidate.updateDateTime !== current.updateDateTime) {
    return candidate.updateDateTime > current.updateDateTime;
  }
  return tieBreakKey(current) <= tieBreakKey(candidate);
}
