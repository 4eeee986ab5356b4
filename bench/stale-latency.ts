/**
 * How long after its deadline a stale-task event is published, with the sweep every second as `npm start`
 * runs it with MGH_SWEEP_SECONDS=1, and the lease lead at its default (decision 012): for a deadline 30 s ahead
 * of its notification (the lead does not apply) and one 5 s ahead (nearer than the lead: its lease is due the
 * lead after the write). Real time: the deadlines pass on the wall clock.
 */

import type { EventEntry, EventPublisher } from '../lambda/staleness/events';
import { Sweeper } from '../lambda/staleness/sweeper';
import { DynamoDbStalenessStore } from '../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { startEngine } from '../local/engine';
import { EventsFilePublisher } from '../local/events-file';
import { call, handlerFor, notifyBody, STREAM, scratchDir, silentLogger } from './support';

export interface StaleLatency {
  /** Seconds from the deadline to the event's publication, per NextUpdateSeconds. */
  readonly afterDeadlineSeconds: Readonly<Record<number, number>>;
}

const SWEEP_INTERVAL_MS = 1_000;

export async function measureStaleLatency(nextUpdateSeconds: readonly number[]): Promise<StaleLatency> {
  const dir = scratchDir('stale');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  try {
    const handler = handlerFor(new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName }));
    await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: STREAM });
    const publishedAt = new Map<string, number>();
    // The local endpoint's publisher, timed: each event's wall-clock time of publication, by task.
    const file = new EventsFilePublisher(`${dir.path}/events.jsonl`, silentLogger);
    const publisher: EventPublisher = {
      publish: async (entries: readonly EventEntry[]) => {
        await file.publish(entries);
        for (const entry of entries) {
          publishedAt.set(
            (JSON.parse(entry.Detail) as { migrationTaskName: string }).migrationTaskName,
            Date.now(),
          );
        }
      },
    };
    const sweeper = new Sweeper({
      store: new DynamoDbStalenessStore(engine.client, engine.tableName),
      publisher,
    });
    const deadlines = new Map<string, number>();
    for (const next of nextUpdateSeconds) {
      const task = `due-in-${next}s`;
      await call(handler, 'ImportMigrationTask', { ProgressUpdateStream: STREAM, MigrationTaskName: task });
      const sent = Date.now() / 1000;
      await call(handler, 'NotifyMigrationTaskState', {
        ...notifyBody(task, sent),
        NextUpdateSeconds: next,
      });
      deadlines.set(task, sent + next);
    }
    const waitUntil = Math.max(...deadlines.values()) + 60;
    while (publishedAt.size < deadlines.size && Date.now() / 1000 < waitUntil) {
      await sweeper.sweep();
      await new Promise((resolve) => setTimeout(resolve, SWEEP_INTERVAL_MS));
    }
    const afterDeadlineSeconds: Record<number, number> = {};
    for (const next of nextUpdateSeconds) {
      const task = `due-in-${next}s`;
      const at = publishedAt.get(task);
      if (at === undefined) throw new Error(`${task} was never published stale`);
      afterDeadlineSeconds[next] = at / 1000 - (deadlines.get(task) ?? 0);
    }
    return { afterDeadlineSeconds };
  } finally {
    await engine.close();
    dir.remove();
  }
}
