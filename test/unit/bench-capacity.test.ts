/// <reference path="../../bench/dynalite-db.d.ts" />
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { itemSize } from 'dynalite/db';
import {
  ASSUMED_NOTIFICATION,
  deploymentBound,
  itemBytes,
  lambdaBound,
  leaseShardsBound,
  newTableBound,
  notificationWriteUnits,
  stageBound,
  streamBound,
  taskBound,
  writeUnits,
} from '../../bench/capacity';

const sized = (value: AttributeValue) => itemBytes({ a: value }) - 1;

describe('item sizes by DynamoDB’s documented rules', () => {
  test('strings and names count UTF-8 bytes', () => {
    expect(itemBytes({ name: { S: 'abc' } })).toBe(7);
    expect(itemBytes({ é: { S: '\u{1D538}' } })).toBe(2 + 4);
  });

  test('numbers: 1 byte a base-100 pair of significant digits, plus 1', () => {
    expect(sized({ N: '0' })).toBe(1);
    expect(sized({ N: '5' })).toBe(2);
    expect(sized({ N: '100' })).toBe(2);
    expect(sized({ N: '12' })).toBe(2);
    expect(sized({ N: '1.2' })).toBe(3);
    expect(sized({ N: '1764456789' })).toBe(6);
    expect(sized({ N: '-12' })).toBe(3);
  });

  test('lists and maps: 3 bytes, and 1 a member; sets: their members', () => {
    expect(sized({ L: [{ S: 'ab' }, { BOOL: true }] })).toBe(3 + 1 + 2 + 1 + 1);
    expect(sized({ M: { k: { S: 'v' } } })).toBe(3 + 1 + 1 + 1);
    expect(sized({ SS: ['ab', 'cde'] })).toBe(5);
  });

  test('agree with the local engine on every type, where it counts ASCII', () => {
    const item = marshall({
      pk: 'acct|stream',
      sk: 'task',
      taskState: { Status: 'IN_PROGRESS', StatusDetail: 'copying', ProgressPercent: 42 },
      updateDateTime: 1764456789.5,
      nextUpdateSeconds: 300,
      names: new Set(['10.0.0.1', 'host.example.com']),
      attributes: [{ Type: 'FQDN', Value: 'host.example.com' }],
      deleting: true,
    });
    expect(itemBytes(item)).toBe(itemSize(item));
  });
});

describe('write units and the capacity rows', () => {
  const large = { taskItemBytes: 65_154, historyBytes: 2_979, leaseBytes: 418, leases: 1 } as const;

  test('a write unit for every started KB, at least one', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
  });

  test('the README’s assumption: three units a notification, one an item', () => {
    expect(notificationWriteUnits(ASSUMED_NOTIFICATION)).toEqual({
      task: 1,
      history: 1,
      leases: 1,
      total: 3,
    });
    expect(notificationWriteUnits({ ...ASSUMED_NOTIFICATION, leases: 2 }).total).toBe(4);
    expect(notificationWriteUnits({ ...ASSUMED_NOTIFICATION, leases: 0 }).total).toBe(2);
  });

  test('the rows at the README’s figures', () => {
    expect(stageBound()).toBe(300);
    expect(lambdaBound(1_000)).toBe(20_000);
    expect(lambdaBound(10)).toBe(200);
    expect(newTableBound(ASSUMED_NOTIFICATION)).toBeCloseTo(1_333.3, 1);
    expect(leaseShardsBound(ASSUMED_NOTIFICATION)).toBe(4_000);
    expect(streamBound(ASSUMED_NOTIFICATION)).toBe(1_000);
    expect(taskBound(ASSUMED_NOTIFICATION)).toBe(1_000);
    expect(deploymentBound(ASSUMED_NOTIFICATION)).toBe(300);
  });

  test('a task item of 64 KB divides a stream’s partition and the new table by its units', () => {
    expect(notificationWriteUnits(large)).toEqual({ task: 64, history: 3, leases: 1, total: 68 });
    expect(streamBound(large)).toBeCloseTo(15.6, 1);
    expect(newTableBound(large)).toBeCloseTo(58.8, 1);
    expect(taskBound(large)).toBeCloseTo(333.3, 1);
    expect(deploymentBound(large)).toBeCloseTo(58.8, 1);
    expect(leaseShardsBound({ ...large, leases: 0 })).toBe(Number.POSITIVE_INFINITY);
  });
});
