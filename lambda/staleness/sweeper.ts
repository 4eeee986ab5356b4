/**
 * The staleness sweeper. Every notification that can go stale leaves a lease: "visit this task at its deadline"
 * (and "visit it at once" when a task published stale reports again). A sweep walks each lease shard from its
 * cursor up to the present, brings each visited task's events up to date with its state, and moves the cursor
 * past what it finished. No lease can land behind the cursor: a lease is never due before its write has landed
 * (lambda/model/staleness.ts leaseDueTimes). See docs/decisions/006-staleness.md and 012-lease-lead.md.
 *
 * A visit publishes before it writes its marker, and the cursor moves only after a page's visits all
 * succeeded: a crash or a failed PutEvents means the page is visited again, publishing the same transitions
 * with the same ids (at least once). The marker's conditional writes keep overlapping sweeps and racing
 * notifications from producing a false or a second transition.
 */

import { type Clock, nowSeconds, systemClock } from '../clock';
import { type StaleMarker, staleSince } from '../model/staleness';
import type { TaskKey } from '../model/task';
import type { Lease, StalenessStore, SweepTask } from '../store/staleness-store';
import {
  type EventEntry,
  type EventPublisher,
  recoveredEvent,
  STALE_DETAIL_TYPE,
  staleEvent,
} from './events';

export interface SweeperOptions {
  readonly store: StalenessStore;
  readonly publisher: EventPublisher;
  /** Decides which leases are due, which tasks are stale, and when to stop. @default systemClock */
  readonly clock?: Clock;
  /** Leases read per page. @default 100 */
  readonly pageSize?: number;
  /** Tasks visited at once. @default 8 */
  readonly concurrency?: number;
}

export interface SweepReport {
  readonly leasesVisited: number;
  readonly staleEvents: number;
  readonly recoveredEvents: number;
  /** False when the time allowed ran out first, or a shard failed: the next sweep goes on from the cursors. */
  readonly finished: boolean;
}

export class Sweeper {
  private readonly store: StalenessStore;
  private readonly publisher: EventPublisher;
  private readonly clock: Clock;
  private readonly pageSize: number;
  private readonly concurrency: number;

  constructor({ store, publisher, clock = systemClock, pageSize = 100, concurrency = 8 }: SweeperOptions) {
    this.store = store;
    this.publisher = publisher;
    this.clock = clock;
    this.pageSize = pageSize;
    this.concurrency = concurrency;
  }

  /**
   * Sweeps every shard up to the present, stopping early once the clock reaches `stopByMs` (epoch ms). A shard
   * that fails is left where its cursor stands; the others go on, and the sweep then rejects with the first
   * failure.
   */
  async sweep(stopByMs = Number.POSITIVE_INFINITY): Promise<SweepReport> {
    // Strictly before now: a lease due at its deadline is visited only once that has passed.
    const upToSeconds = nowSeconds(this.clock) - 0.001;
    const tally = { leasesVisited: 0, staleEvents: 0, recoveredEvents: 0 };
    const shards = Array.from({ length: await this.store.shardCount() }, (_, shard) => shard);
    const results = await Promise.allSettled(
      shards.map((shard) => this.sweepShard(shard, upToSeconds, stopByMs, tally)),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    return { ...tally, finished: results.every((result) => result.status === 'fulfilled' && result.value) };
  }

  /** True when the shard was swept up to `upToSeconds`. */
  private async sweepShard(
    shard: number,
    upToSeconds: number,
    stopByMs: number,
    tally: { leasesVisited: number; staleEvents: number; recoveredEvents: number },
  ): Promise<boolean> {
    let position = await this.store.cursor(shard);
    for (;;) {
      if (this.clock.nowMs() >= stopByMs) return false;
      const page = await this.store.dueLeases(shard, position, upToSeconds, this.pageSize);
      const last = page.items.at(-1);
      if (!last) return true;
      for (const event of await this.visitAll(page.items)) {
        if (event.DetailType === STALE_DETAIL_TYPE) tally.staleEvents++;
        else tally.recoveredEvents++;
      }
      tally.leasesVisited += page.items.length;
      await this.store.advanceCursor(shard, last.position);
      position = last.position;
      if (page.next === undefined) return true;
    }
  }

  /** Visits the tasks of a page's leases, each once however many of its leases fell due together. */
  private async visitAll(leases: readonly Lease[]): Promise<EventEntry[]> {
    const tasks = new Map<string, TaskKey>();
    for (const { key } of leases) tasks.set(JSON.stringify([key.accountId, key.stream, key.task]), key);
    const queue = [...tasks.values()];
    const published: EventEntry[] = [];
    const worker = async () => {
      for (let key = queue.shift(); key; key = queue.shift()) published.push(...(await this.visit(key)));
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    return published;
  }

  /**
   * Brings a task's events up to date with its state, and returns what it published:
   * - it was published stale for an update that is no longer current: it has reported again;
   * - its current update's deadline has passed and it was not yet published stale for it: it went stale.
   */
  private async visit(key: TaskKey): Promise<EventEntry[]> {
    const now = nowSeconds(this.clock);
    const task = await this.store.sweepTask(key);
    if (!task || task.deleting) return [];
    const published: EventEntry[] = [];
    const { current, marker } = task;
    if (marker && !isCurrent(marker, task)) {
      published.push(await this.publish(recoveredEvent(key, marker, current, now)));
      await this.store.clearStale(key, marker);
    }
    const since = current && staleSince(current.update, now);
    if (current && since !== undefined && !(marker && isCurrent(marker, task))) {
      const stale: StaleMarker = {
        updateDateTime: current.update.updateDateTime,
        tieBreak: current.tieBreak,
        deadline: since,
      };
      published.push(await this.publish(staleEvent(key, current, stale, now)));
      if (!(await this.store.markStale(key, stale))) {
        // The task reported again between our read and our mark: no notification saw the marker, so the
        // recovery is ours to publish, unless the stream is being deleted.
        const after = await this.store.sweepTask(key);
        if (after && !after.deleting && !isCurrent(stale, after)) {
          published.push(await this.publish(recoveredEvent(key, stale, after.current, now)));
        }
      }
    }
    return published;
  }

  private async publish(entry: EventEntry): Promise<EventEntry> {
    await this.publisher.publish([entry]);
    return entry;
  }
}

function isCurrent(marker: StaleMarker, task: SweepTask): boolean {
  return (
    task.current !== undefined &&
    task.current.update.updateDateTime === marker.updateDateTime &&
    task.current.tieBreak === marker.tieBreak
  );
}
