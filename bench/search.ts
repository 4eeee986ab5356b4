/**
 * 9. ListMigrationTasks by ResourceName at growing account sizes (docs/decisions/014-resource-search-index.md):
 * the storage requests and read units of a search that finds one task, on dynalite in-process, counted by a
 * client middleware as the sweep's cost is. Its budget: the same at every size, at most 2 requests.
 *
 * The account is seeded with BatchWriteItem straight into the table, with the items the store itself writes
 * (each task's item with one IP address, and that value's search index entry, searchEntry): 100,000 tasks
 * through the API (ImportMigrationTask, then PutResourceAttributes) would take many minutes for nothing the
 * measure depends on. The searches themselves go through the API handler.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nowSeconds, systemClock } from '../lambda/clock';
import type { TaskItem } from '../lambda/store/dynamodb/items';
import { searchEntry } from '../lambda/store/dynamodb/search-index';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { searchValueDigest, taskItemKey } from '../lambda/store/table';
import { localEngineClient, startEngine } from '../local/engine';
import { type Figure, formatNumber, judged } from './stats';
import {
  ACCOUNT_ID,
  call,
  handlerFor,
  meterCapacity,
  STREAM,
  scratchDir,
  seedByBatches,
  taskName,
} from './support';

/** Streams the tasks are spread over, as a migration with several tools has. */
const STREAMS = 10;
/** Searches measured at each size, for tasks spread over the account. */
const SEARCHES = 20;
/** Tasks per BatchWriteItem: each with its index entry, 24 of the 25 requests a batch takes. */
const TASKS_PER_BATCH = 12;

export interface SearchCost {
  readonly tasks: number;
  /** Per search that finds one task. */
  readonly requests: number;
  readonly readUnits: number;
  /** A value no task has. */
  readonly noMatchRequests: number;
  readonly seedSeconds: number;
}

const streamOf = (i: number) => `${STREAM}-${i % STREAMS}`;
const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Seeds tasks [from, to) with one IP address each and measures a unique-match search at `to` tasks. */
export async function measureSearch(sizes: readonly number[]): Promise<SearchCost[]> {
  const dir = scratchDir('search');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  const client = localEngineClient(engine.endpoint);
  const doc = DynamoDBDocumentClient.from(engine.client);
  try {
    const handler = handlerFor(new DynamoDbTaskStore({ client, tableName: engine.tableName }));
    for (let s = 0; s < STREAMS; s++) {
      await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: streamOf(s) });
    }
    const meter = meterCapacity(client);
    const results: SearchCost[] = [];
    let seeded = 0;
    for (const size of sizes) {
      const began = performance.now();
      const batches = Math.ceil((size - seeded) / TASKS_PER_BATCH);
      const from = seeded;
      await seedByBatches(doc, engine.tableName, { batches, concurrency: 8 }, (b) => {
        const items: Record<string, unknown>[] = [];
        for (let i = from + b * TASKS_PER_BATCH; i < Math.min(size, from + (b + 1) * TASKS_PER_BATCH); i++) {
          const key = { accountId: ACCOUNT_ID, stream: streamOf(i), task: taskName(i) };
          const item: TaskItem = {
            stream: key.stream,
            task: key.task,
            importedAt: nowSeconds(systemClock),
            resourceAttributes: [{ Type: 'IPV4_ADDRESS', Value: ipOf(i) }],
            resourceNames: new Set([ipOf(i)]),
          };
          items.push({ ...taskItemKey(key.accountId, key.stream, key.task), ...item });
          items.push({ ...searchEntry(key, 'A', searchValueDigest(ipOf(i)), item.importedAt, 'bench') });
        }
        return items;
      });
      seeded = size;
      const seedSeconds = (performance.now() - began) / 1000;

      const search = async (value: string) =>
        (await call(handler, 'ListMigrationTasks', { ResourceName: value })) as {
          MigrationTaskSummaryList: { MigrationTaskName: string }[];
        };
      await search(ipOf(0)); // warm
      meter.reset();
      for (let n = 0; n < SEARCHES; n++) {
        const i = Math.floor(((n + 0.5) * size) / SEARCHES);
        const { MigrationTaskSummaryList: found } = await search(ipOf(i));
        if (found.length !== 1 || found[0]?.MigrationTaskName !== taskName(i)) {
          throw new Error(`the search for task ${i} found ${JSON.stringify(found)}`);
        }
      }
      const requests = meter.requests / SEARCHES;
      const readUnits = meter.readUnits / SEARCHES;
      meter.reset();
      await search('192.0.2.1');
      results.push({ tasks: size, requests, readUnits, noMatchRequests: meter.requests, seedSeconds });
    }
    return results;
  } finally {
    client.destroy();
    await engine.close();
    dir.remove();
  }
}

/** The section's figures: requests per size (≤ 2), read units at the largest size against the smallest (flat). */
export function searchFigures(costs: readonly SearchCost[]): Figure[] {
  const section = '9 search';
  const [smallest] = costs;
  const largest = costs.at(-1);
  if (!smallest || !largest) return [];
  return [
    ...costs.map((cost) =>
      judged({
        section,
        name: `ResourceName search, one match among ${cost.tasks.toLocaleString('en-US')} tasks: requests`,
        value: cost.requests,
        unit: 'requests',
        budget: { on: 'value', kind: 'max', limit: 2 },
        note:
          `${formatNumber(cost.readUnits)} RRU a search; no match: ${cost.noMatchRequests} request; ` +
          `seeded in ${formatNumber(cost.seedSeconds)} s by BatchWriteItem`,
      }),
    ),
    judged({
      section,
      name: `ResourceName search read units, ${largest.tasks.toLocaleString('en-US')} tasks`,
      value: largest.readUnits,
      unit: 'RRU',
      baseline: {
        name: `${smallest.tasks.toLocaleString('en-US')} tasks`,
        value: smallest.readUnits,
        unit: 'RRU',
      },
      budget: { on: 'ratio', kind: 'max', limit: 1 },
      note: 'one Query of the value’s partition and one BatchGetItem of the task it names, whatever the account',
    }),
  ];
}
