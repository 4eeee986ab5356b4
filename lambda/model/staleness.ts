/**
 * When a task is overdue, as the API defines it: the next update is promised within NextUpdateSeconds of
 * UpdateDateTime, both in the reporting tool's clock. Pure functions: the API computes staleness from them at
 * read time (so it shows the moment a deadline passes), and the sweeper uses the same rule for its events.
 * Every time here is in epoch seconds.
 */
import type { TaskUpdate } from './task';

/** An update as the task holds it: the update and the key that orders it among updates of the same time. */
export interface CurrentUpdate {
  readonly update: TaskUpdate;
  readonly tieBreak: string;
}

/**
 * What the sweeper writes on a task once it has published that the task went stale: which update went stale
 * and the deadline it missed. It stays until the sweeper has published that the task reported again.
 */
export interface StaleMarker {
  readonly updateDateTime: number;
  readonly tieBreak: string;
  /** Epoch seconds. */
  readonly deadline: number;
}

/**
 * The update's deadline in epoch seconds, or undefined when the update can never go stale: a COMPLETED task
 * expects nothing more, and NextUpdateSeconds 0 says no further update is expected.
 */
export function deadlineOf(update: TaskUpdate): number | undefined {
  if (update.task.Status === 'COMPLETED' || update.nextUpdateSeconds === 0) return undefined;
  return update.updateDateTime + update.nextUpdateSeconds;
}

/** The deadline, when it has passed at `nowSeconds` with no newer update; otherwise undefined. */
export function staleSince(update: TaskUpdate, nowSeconds: number): number | undefined {
  const deadline = deadlineOf(update);
  return deadline !== undefined && nowSeconds > deadline ? deadline : undefined;
}

/**
 * The members DescribeMigrationTask and ListMigrationTasks add to a task that has reported: `Stale`, and
 * `StaleSince` (the missed deadline) while it is stale. SDKs ignore members they do not model.
 */
export function stalenessMembers(
  update: TaskUpdate,
  nowSeconds: number,
): { Stale: boolean; StaleSince?: number } {
  const since = staleSince(update, nowSeconds);
  return since === undefined ? { Stale: false } : { Stale: true, StaleSince: since };
}
