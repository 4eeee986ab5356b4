/**
 * When a task is overdue, as the API defines it: the next update is promised within NextUpdateSeconds of
 * UpdateDateTime, both in the reporting tool's clock. Pure functions: the API computes staleness from them at
 * read time (so it shows the moment a deadline passes), and the sweeper uses the same rule for its events.
 */
import type { TaskUpdate } from '../store/task-store';

/**
 * The update's deadline in epoch seconds, or undefined when the update can never go stale: a COMPLETED task
 * expects nothing more, and NextUpdateSeconds 0 says no further update is expected.
 */
export function deadlineOf(update: TaskUpdate): number | undefined {
  if (update.task.Status === 'COMPLETED' || update.nextUpdateSeconds === 0) return undefined;
  return update.updateDateTime + update.nextUpdateSeconds;
}

/** The deadline, when it has passed at `now` (epoch seconds) with no newer update; otherwise undefined. */
export function staleSince(update: TaskUpdate, now: number): number | undefined {
  const deadline = deadlineOf(update);
  return deadline !== undefined && now > deadline ? deadline : undefined;
}

/**
 * The members DescribeMigrationTask and ListMigrationTasks add to a task that has reported: `Stale`, and
 * `StaleSince` (the missed deadline) while it is stale. SDKs ignore members they do not model.
 */
export function stalenessMembers(update: TaskUpdate, now: number): { Stale: boolean; StaleSince?: number } {
  const since = staleSince(update, now);
  return since === undefined ? { Stale: false } : { Stale: true, StaleSince: since };
}
