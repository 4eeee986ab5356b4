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

/**
 * When the sweeper must visit a task after `update` became its state: at the update's deadline, and at once if
 * the sweeper had published the task stale (it has just reported again). None for an update that cannot go
 * stale from a task that was not stale, so most notifications of a finished task write no lease.
 *
 * No visit is due before `writeStartSeconds + leadSeconds`: the lease is written from `writeStartSeconds` on and
 * lands within the lead, so it is never due before it exists. The sweep can then read up to the present and
 * still pass no lease that is on its way (see docs/decisions/012-lease-lead.md).
 */
export function leaseDueTimes(
  update: TaskUpdate,
  { wasPublishedStale, writeStartSeconds, leadSeconds }: LeaseTiming,
): number[] {
  const earliest = writeStartSeconds + leadSeconds;
  const deadline = deadlineOf(update);
  const times = new Set<number>();
  if (deadline !== undefined) times.add(Math.max(deadline, earliest));
  if (wasPublishedStale) times.add(earliest);
  return [...times];
}

export interface LeaseTiming {
  /** The task had been published stale for an earlier update. */
  readonly wasPublishedStale: boolean;
  /** When the lease's write starts. */
  readonly writeStartSeconds: number;
  /** The longest the write can take to land, with a margin for the clocks of the writer and the sweeper. */
  readonly leadSeconds: number;
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
