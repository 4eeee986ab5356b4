/**
 * 8. The capacity model (bench/capacity.ts) against the items the store actually writes. Three tasks notify
 * through the handler on the local engine: the bench's usual progress report, and the largest task the API
 * accepts (50-character stream, 256-character task name, 100 resource attributes of 256 characters, 100
 * discovered resources, a 2,500-character StatusDetail) once in ASCII and once in 4-byte characters. Each
 * notification's writes are billed twice: by the engine (ReturnConsumedCapacity on the store's own requests)
 * and by the model, from the written items' sizes by DynamoDB's documented rules.
 *
 * The engine (dynalite) sizes strings in UTF-16 code units where DynamoDB counts UTF-8 bytes: for 4-byte
 * characters it bills half of what DynamoDB does, so the model's figure is the one to trust there.
 */
import { type AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { ResourceAttribute } from '../lambda/model/task';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { DEFAULT_LEASE_SHARDS } from '../lambda/store/staleness-store';
import { historyPartition, leaseItemKey, taskItemKey } from '../lambda/store/table';
import { startEngine } from '../local/engine';
import {
  deploymentBound,
  itemBytes,
  leaseShardsBound,
  type NotificationItems,
  newTableBound,
  notificationWriteUnits,
  streamBound,
  taskBound,
  WRITE_UNIT_BYTES,
} from './capacity';
import { type Figure, formatNumber, judged } from './stats';
import { ACCOUNT_ID, call, handlerFor, meterCapacity, notifyBody, scratchDir } from './support';

type RawItem = Record<string, AttributeValue>;

/** A task to notify for, and what it carries besides the notification. */
interface Sample {
  readonly name: string;
  readonly stream: string;
  readonly task: string;
  readonly statusDetail: string;
  readonly attributes: readonly ResourceAttribute[];
  readonly discoveredResources: number;
}

export interface ItemSizes {
  readonly name: string;
  /** Billed sizes by the documented rules, the largest of each kind this task's notifications wrote. */
  readonly items: NotificationItems;
  /** What the model bills a notification, by item. */
  readonly model: ReturnType<typeof notificationWriteUnits>;
  /** What the engine billed the notification: its UpdateItem, and the BatchWriteItem of history and lease. */
  readonly engine: { readonly task: number; readonly historyAndLease: number; readonly total: number };
}

/** `count` code points of `unit`, after `prefix`: names and values at their longest, distinct by prefix. */
function longest(prefix: string, unit: string, count: number): string {
  return prefix + unit.repeat(count - [...prefix].length);
}

/**
 * The largest task the API takes, in characters of `unit`. Its attributes are matched by ResourceName (the
 * VM_MANAGER_ID makes the VM-scoped types match), so each value is held twice on the task item: in the list
 * DescribeMigrationTask answers and in the set ListMigrationTasks filters on.
 */
function largest(name: string, unit: string): Sample {
  return {
    name,
    stream: longest('s', unit, 50),
    task: longest('t', unit, 256),
    statusDetail: longest('', unit, 2_500),
    attributes: Array.from({ length: 100 }, (_, i) => ({
      Type: i === 0 ? 'VM_MANAGER_ID' : 'VM_MANAGED_OBJECT_REFERENCE',
      Value: longest(`${i}-`, unit, 256),
    })),
    discoveredResources: 100,
  };
}

const SAMPLES: readonly Sample[] = [
  {
    name: 'the bench’s progress report',
    stream: 'Bench',
    task: 'vm-000001',
    statusDetail: notifyBody('vm-000001', 0).Task.StatusDetail,
    attributes: [],
    discoveredResources: 0,
  },
  {
    name: 'a server with 5 attributes',
    stream: 'BenchAttributes',
    task: 'vm-000002',
    statusDetail: notifyBody('vm-000002', 0).Task.StatusDetail,
    attributes: [
      { Type: 'IPV4_ADDRESS', Value: '10.0.12.34' },
      { Type: 'MAC_ADDRESS', Value: '0a:1b:2c:3d:4e:5f' },
      { Type: 'FQDN', Value: 'app-server-0042.corp.example.com' },
      { Type: 'VM_MANAGER_ID', Value: 'vcenter-01.corp.example.com' },
      { Type: 'VM_MANAGED_OBJECT_REFERENCE', Value: 'vm-1042' },
    ],
    discoveredResources: 1,
  },
  largest('the largest task, ASCII', 'x'),
  largest('the largest task, 4-byte characters', '\u{1D538}'),
];

export async function measureItemSizes(): Promise<ItemSizes[]> {
  const dir = scratchDir('item-sizes');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  const meter = meterCapacity(engine.client);
  const handler = handlerFor(new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName }));
  const { client, tableName } = engine;
  // Read raw, as stored: the sizes are of attribute values, not of what the document client makes of them.
  const partition = async (pk: string, task?: string): Promise<RawItem[]> => {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
      }),
    );
    return Items.filter((item) => task === undefined || item.task?.S === task);
  };
  const largestOf = (items: RawItem[]) => Math.max(0, ...items.map(itemBytes));
  try {
    const results: ItemSizes[] = [];
    for (const sample of SAMPLES) {
      const { stream, task } = sample;
      const names = { ProgressUpdateStream: stream, MigrationTaskName: task };
      await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: stream });
      await call(handler, 'ImportMigrationTask', names);
      if (sample.attributes.length > 0) {
        await call(handler, 'PutResourceAttributes', { ...names, ResourceAttributeList: sample.attributes });
      }
      for (let i = 0; i < sample.discoveredResources; i++) {
        await call(handler, 'AssociateDiscoveredResource', {
          ...names,
          DiscoveredResource: { ConfigurationId: `d-server-${String(i).padStart(17, '0')}` },
        });
      }
      // The second notification is the steady state: its UpdateItem rewrites a task item already reported.
      const now = Math.floor(Date.now() / 1000);
      const notify = (at: number) =>
        call(handler, 'NotifyMigrationTaskState', {
          ...notifyBody(task, at),
          ProgressUpdateStream: stream,
          Task: { Status: 'NOT_STARTED', StatusDetail: sample.statusDetail, ProgressPercent: 100 },
        });
      await notify(now - 1);
      meter.reset();
      await notify(now);
      const writes = meter.log.filter((request) => request.writeUnits > 0);
      const update = writes.find((request) => request.command.startsWith('Update'));
      const batch = writes.find((request) => request.command.startsWith('BatchWrite'));
      if (!update || !batch || writes.length !== 2) {
        throw new Error(`a notification sent ${JSON.stringify(meter.log)}, not an update and a batch`);
      }

      const taskItems = await partition(taskItemKey(ACCOUNT_ID, stream, task).pk, task);
      const history = await partition(historyPartition(ACCOUNT_ID, stream, task));
      const leases = await partition(
        leaseItemKey(ACCOUNT_ID, stream, task, 0, DEFAULT_LEASE_SHARDS).pk,
        task,
      );
      if (taskItems.length !== 1 || history.length !== 2 || leases.length !== 2) {
        throw new Error(
          `${sample.name}: found ${taskItems.length}, ${history.length}, ${leases.length} items`,
        );
      }
      const items: NotificationItems = {
        taskItemBytes: largestOf(taskItems),
        historyBytes: largestOf(history),
        leaseBytes: largestOf(leases),
        leases: 1,
      };
      results.push({
        name: sample.name,
        items,
        model: notificationWriteUnits(items),
        engine: {
          task: update.writeUnits,
          historyAndLease: batch.writeUnits,
          total: update.writeUnits + batch.writeUnits,
        },
      });
    }
    return results;
  } finally {
    await engine.close();
    dir.remove();
  }
}

/** Section 8's figures: every sample's bill against the model's, and what its sizes make of the bounds. */
export function capacityFigures(samples: readonly ItemSizes[]): Figure[] {
  const section = '8 capacity';
  const typical = samples[0];
  if (!typical) throw new Error('no sample measured');
  const { taskItemBytes, historyBytes, leaseBytes } = typical.items;
  return [
    judged({
      section,
      name: `${typical.name}: its largest item`,
      value: Math.max(taskItemBytes, historyBytes, leaseBytes),
      unit: 'B',
      // The README's model: every item within one write unit, three a notification.
      budget: { on: 'value', kind: 'max', limit: WRITE_UNIT_BYTES },
      note: `task item ${taskItemBytes} B, history entry ${historyBytes} B, lease ${leaseBytes} B, billed`,
    }),
    ...samples.flatMap(({ name, items, model, engine }) => [
      judged({
        section,
        name: `write units per notification, ${name}`,
        value: engine.total,
        unit: 'WRU',
        baseline: { name: 'the model, from the items’ sizes', value: model.total, unit: 'WRU' },
        budget: { on: 'ratio', kind: 'max', limit: 1 },
        note:
          `task item ${formatNumber(items.taskItemBytes)} B (${model.task} WRU), history entry ` +
          `${formatNumber(items.historyBytes)} B (${model.history}), lease ${formatNumber(items.leaseBytes)} B ` +
          `(${model.leases}); the engine billed ${engine.task} + ${engine.historyAndLease}`,
      }),
      judged({
        section,
        name: `notifications a second one stream takes, ${name}`,
        value: streamBound(items),
        unit: '/s',
        note:
          `a new table: ${formatNumber(newTableBound(items))}/s; ${DEFAULT_LEASE_SHARDS} lease shards: ` +
          `${formatNumber(leaseShardsBound(items))}/s; one task: ${formatNumber(taskBound(items))}/s; ` +
          `the deployment with the defaults: ${formatNumber(deploymentBound(items))}/s`,
      }),
    ]),
  ];
}
