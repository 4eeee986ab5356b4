/**
 * 4. Cost of a sweep: the staleness sweeper (lambda/staleness/sweeper.ts) over a table of tasks that have each
 * reported once, on a client that reports the capacity of every request. First a sweep with nothing due (the
 * minute-by-minute common case), then one after 1% of the tasks have passed their deadline, then one that visits
 * the leases of 1% that have reported again since (every notification's lease is visited once). And the maintenance
 * job's run with no stream to delete: the other minute-by-minute cost of an idle stack.
 */
import type { EventEntry, EventPublisher } from '../lambda/staleness/events';
import { Sweeper, type SweepReport } from '../lambda/staleness/sweeper';
import { DynamoDbStalenessStore } from '../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { type DeletionReport, StreamDeletion } from '../lambda/store/stream-deletion';
import { localEngineClient, startEngine } from '../local/engine';
import { call, handlerFor, meterCapacity, notifyBody, pool, STREAM, scratchDir, taskName } from './support';

export interface SweepCost {
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly staleEvents: number;
  /** EventBridge bills each entry per 64 KB chunk: the chunks of the entries published. */
  readonly eventChunks: number;
  /** How long the sweep took here (the local engine answers in well under a millisecond). */
  readonly ms: number;
  /** What the sweeper logs of it. */
  readonly report: SweepReport;
}

/** A maintenance run with no stream queued for deletion. */
export interface MaintenanceCost {
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly ms: number;
  readonly report: DeletionReport;
}

export interface SweepResult {
  readonly tasks: number;
  readonly due: number;
  readonly shards: number;
  readonly nothingDue: SweepCost;
  readonly onePercentDue: SweepCost;
  /** `due` leases fallen due of tasks that have reported since: visited, nothing published. */
  readonly revisited: SweepCost;
  readonly idleMaintenance: MaintenanceCost;
}

/** The chunks EventBridge bills for a PutEvents entry: one per 64 KB of it, counted as its JSON. */
function eventChunks(entry: EventEntry): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(entry)) / 65_536));
}

export async function measureSweep({ tasks }: { tasks: number }): Promise<SweepResult> {
  const dir = scratchDir('sweep');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  const client = localEngineClient(engine.endpoint);
  try {
    // Leases due at their deadlines (no lease lead): the lead moves when a lease falls due, not what a sweep
    // costs, and this measurement waits for deadlines a second away.
    const handler = handlerFor(
      new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName, leaseLeadSeconds: 0 }),
    );
    await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: STREAM });
    const now = Math.floor(Date.now() / 1000);
    const due = Math.ceil(tasks / 100);
    // Every task reports once, due in five minutes.
    await pool(tasks, 8, async (i) => {
      await call(handler, 'ImportMigrationTask', {
        ProgressUpdateStream: STREAM,
        MigrationTaskName: taskName(i),
      });
      await call(handler, 'NotifyMigrationTaskState', notifyBody(taskName(i), now - 1));
    });

    const meter = meterCapacity(client);
    const published: EventEntry[] = [];
    const publisher: EventPublisher = { publish: async (entries) => void published.push(...entries) };
    const store = new DynamoDbStalenessStore(client, engine.tableName);
    const sweeper = new Sweeper({ store, publisher });
    const metered = async (): Promise<SweepCost> => {
      meter.reset();
      published.length = 0;
      const began = performance.now();
      const report = await sweeper.sweep();
      const ms = performance.now() - began;
      return {
        readUnits: meter.readUnits,
        writeUnits: meter.writeUnits,
        staleEvents: published.length,
        eventChunks: published.reduce((sum, entry) => sum + eventChunks(entry), 0),
        ms,
        report,
      };
    };
    // The first sweep moves each shard's cursor up to now; from then on a sweep reads only what fell due.
    await sweeper.sweep();
    const nothingDue = await metered();

    // 1% of the tasks report with a deadline already a second away, then the clock passes it.
    await pool(due, 8, (i) =>
      call(handler, 'NotifyMigrationTaskState', {
        ...notifyBody(taskName(i * 100), now),
        NextUpdateSeconds: 1,
      }),
    );
    await new Promise((done) => setTimeout(done, 2_100));
    const onePercentDue = await metered();

    // Another 1% report twice: a deadline a second away, then a newer update due in five minutes. The first
    // lease falls due and the sweep visits a task that has reported since: what every notification's lease
    // costs the sweep, with no event.
    const wall = Math.floor(Date.now() / 1000);
    await pool(due, 8, async (i) => {
      const task = taskName(i * 100 + 50);
      await call(handler, 'NotifyMigrationTaskState', { ...notifyBody(task, wall), NextUpdateSeconds: 1 });
      await call(handler, 'NotifyMigrationTaskState', notifyBody(task, wall + 1));
    });
    await new Promise((done) => setTimeout(done, 2_100));
    const revisited = await metered();
    if (revisited.staleEvents !== 0 || revisited.report.leasesVisited !== due) {
      throw new Error(`the sweep of reported-again tasks published ${revisited.staleEvents} events`);
    }

    // The maintenance job, as its Lambda runs it every minute, with nothing queued.
    const deletion = new StreamDeletion(client, engine.tableName, { graceSeconds: 30 });
    await deletion.run();
    meter.reset();
    const began = performance.now();
    const report = await deletion.run();
    const idleMaintenance = {
      readUnits: meter.readUnits,
      writeUnits: meter.writeUnits,
      ms: performance.now() - began,
      report,
    };
    return {
      tasks,
      due,
      shards: await store.shardCount(),
      nothingDue,
      onePercentDue,
      revisited,
      idleMaintenance,
    };
  } finally {
    client.destroy();
    await engine.close();
    dir.remove();
  }
}
