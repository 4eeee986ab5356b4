/**
 * The DMS mapping of a task's state: every documented task status and stop reason, the full load's progress,
 * ongoing replication, failures, and what DMS may add later.
 */
import {
  DMS_STOP_REASONS,
  DMS_STREAM,
  DMS_TASK_STATUSES,
} from '../../../lambda/connectors/dms/replication-task';
import { ARN, LOADED, NOW, observe, STARTED, state, task } from './dms-fixtures';

/** The statuses the DMS API reference lists for ReplicationTask.Status. */
const DOCUMENTED_STATUSES = [
  'moving',
  'creating',
  'deleting',
  'failed',
  'failed-move',
  'modifying',
  'ready',
  'running',
  'starting',
  'stopped',
  'stopping',
  'testing',
];

/** Per status: before the task ever started; after a full load that finished and a stop (NORMAL). */
const EXPECTED_BY_STATUS: Record<string, [string, string]> = {
  creating: ['NOT_STARTED', 'NOT_STARTED'],
  ready: ['NOT_STARTED', 'COMPLETED'],
  starting: ['IN_PROGRESS', 'IN_PROGRESS'],
  running: ['IN_PROGRESS', 'IN_PROGRESS'],
  stopping: ['IN_PROGRESS', 'IN_PROGRESS'],
  stopped: ['NOT_STARTED', 'COMPLETED'],
  failed: ['FAILED', 'FAILED'],
  modifying: ['NOT_STARTED', 'COMPLETED'],
  testing: ['NOT_STARTED', 'COMPLETED'],
  moving: ['NOT_STARTED', 'COMPLETED'],
  'failed-move': ['NOT_STARTED', 'COMPLETED'],
  deleting: ['NOT_STARTED', 'COMPLETED'],
};

test('the status table holds every documented status, and this test expects each of them', () => {
  expect(Object.keys(DMS_TASK_STATUSES).sort()).toEqual([...DOCUMENTED_STATUSES].sort());
  expect(Object.keys(EXPECTED_BY_STATUS).sort()).toEqual([...DOCUMENTED_STATUSES].sort());
});

test.each(DOCUMENTED_STATUSES)('status %s: before the first start, and after a finished load', (status) => {
  const [before, after] = EXPECTED_BY_STATUS[status] ?? [];
  const fresh = observe(task({ Status: status }));
  expect(fresh.observation?.task.Status).toBe(before);
  expect(fresh.warnings).toEqual([]);
  const done = observe(
    task({
      Status: status,
      StopReason: 'Stop Reason NORMAL',
      ReplicationTaskStats: { StartDate: STARTED, FullLoadFinishDate: LOADED, FullLoadProgressPercent: 100 },
    }),
  );
  expect(done.observation?.task.Status).toBe(after);
  expect(done.observation?.task.StatusDetail).toMatch(new RegExp(`^orders-to-aurora: ${status}; `));
  expect(done.warnings).toEqual([]);
});

test('the full load reports its percent, whole, and what the tables are doing', () => {
  const running = state(
    task({
      MigrationType: 'full-load',
      ReplicationTaskStats: {
        StartDate: STARTED,
        FullLoadProgressPercent: 42.9,
        TablesLoaded: 3,
        TablesLoading: 2,
        TablesQueued: 5,
        TablesErrored: 0,
      },
    }),
  );
  expect(running).toEqual({
    Status: 'IN_PROGRESS',
    ProgressPercent: 42,
    StatusDetail:
      'orders-to-aurora: running; full-load; full load; tables loaded 3, loading 2, queued 5, errored 0',
  });
  expect(state(task({ ReplicationTaskStats: { FullLoadProgressPercent: 140 } }))?.ProgressPercent).toBe(100);
  expect(state(task({ ReplicationTaskStats: { FullLoadProgressPercent: -3 } }))?.ProgressPercent).toBe(0);
  expect(state(task({ ReplicationTaskStats: {} }))).not.toHaveProperty('ProgressPercent');
});

test('ongoing replication is IN_PROGRESS at 100: after a finished full load, and from the start of a CDC task', () => {
  const afterLoad = state(
    task({ ReplicationTaskStats: { FullLoadProgressPercent: 100, FullLoadFinishDate: LOADED } }),
  );
  expect(afterLoad).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
  expect(afterLoad?.StatusDetail).toContain('; ongoing replication');
  const cdc = state(task({ MigrationType: 'cdc', ReplicationTaskStats: { StartDate: STARTED } }));
  expect(cdc).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
  expect(cdc?.StatusDetail).toContain('; cdc; ongoing replication');
});

/** Per stop reason: stopped before the full load finished (at 30 %), and after it. */
const EXPECTED_BY_STOP_REASON: Record<string, [string, string]> = {
  NORMAL: ['IN_PROGRESS', 'COMPLETED'],
  STOPPED_AT_SERVER_TIME: ['IN_PROGRESS', 'COMPLETED'],
  STOPPED_AT_COMMIT_TIME: ['IN_PROGRESS', 'COMPLETED'],
  FULL_LOAD_ONLY_FINISHED: ['COMPLETED', 'COMPLETED'],
  STOPPED_AFTER_FULL_LOAD: ['IN_PROGRESS', 'IN_PROGRESS'],
  STOPPED_AFTER_CACHED_EVENTS: ['IN_PROGRESS', 'IN_PROGRESS'],
  STOPPED_AFTER_DDL_APPLY: ['IN_PROGRESS', 'IN_PROGRESS'],
  RECOVERABLE_ERROR: ['IN_PROGRESS', 'IN_PROGRESS'],
  RECONFIGURATION_RESTART: ['IN_PROGRESS', 'IN_PROGRESS'],
  RECYCLE_TASK: ['IN_PROGRESS', 'IN_PROGRESS'],
  FATAL_ERROR: ['FAILED', 'FAILED'],
  EXPRESS_LICENSE_LIMITS_REACHED: ['FAILED', 'FAILED'],
  STOPPED_DUE_TO_LOW_MEMORY: ['FAILED', 'FAILED'],
  STOPPED_DUE_TO_LOW_DISK: ['FAILED', 'FAILED'],
};

test('the stop reason table holds the documented reasons, and this test expects each of them', () => {
  expect(Object.keys(DMS_STOP_REASONS).sort()).toEqual(Object.keys(EXPECTED_BY_STOP_REASON).sort());
});

test.each(Object.keys(EXPECTED_BY_STOP_REASON))('stopped, Stop Reason %s', (reason) => {
  const [midLoad, loaded] = EXPECTED_BY_STOP_REASON[reason] ?? [];
  const stats = { StartDate: STARTED, FullLoadProgressPercent: 30 };
  const early = observe(
    task({ Status: 'stopped', StopReason: `Stop Reason ${reason}`, ReplicationTaskStats: stats }),
  );
  expect(early.observation?.task.Status).toBe(midLoad);
  expect(early.observation?.task.StatusDetail).toContain(`; stop reason Stop Reason ${reason}`);
  expect(early.warnings).toEqual([]);
  const late = state(
    task({
      Status: 'stopped',
      StopReason: reason,
      ReplicationTaskStats: { ...stats, FullLoadFinishDate: LOADED },
    }),
  );
  expect(late?.Status).toBe(loaded);
});

test('a resumed task no longer says the stop reason of its last stop', () => {
  const resumed = state(
    task({ StopReason: 'Stop Reason STOPPED_AFTER_FULL_LOAD', ReplicationTaskStats: { StartDate: STARTED } }),
  );
  expect(resumed?.StatusDetail).not.toContain('stop reason');
  expect(resumed).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
});

test('a stopped task moving no data reports the percent it reached; a finished one 100', () => {
  const paused = { Status: 'stopped', StopReason: 'Stop Reason NORMAL' };
  expect(state(task({ ...paused, ReplicationTaskStats: { FullLoadProgressPercent: 30 } }))).toMatchObject({
    Status: 'IN_PROGRESS',
    ProgressPercent: 30,
  });
  expect(state(task({ ...paused, MigrationType: 'cdc' }))).toMatchObject({
    Status: 'COMPLETED',
    ProgressPercent: 100,
  });
});

test('a load that finished with tables errored is FAILED; while running, the errored tables are in the detail', () => {
  const stats = { StartDate: STARTED, FullLoadFinishDate: LOADED, TablesLoaded: 8, TablesErrored: 2 };
  const finished = state(
    task({
      MigrationType: 'full-load',
      Status: 'stopped',
      StopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED',
      ReplicationTaskStats: stats,
    }),
  );
  expect(finished?.Status).toBe('FAILED');
  expect(finished?.StatusDetail).toContain('finished with 2 table(s) errored');
  const running = state(task({ ReplicationTaskStats: stats }));
  expect(running?.Status).toBe('IN_PROGRESS');
  expect(running?.StatusDetail).toContain('errored 2');
});

test('a failed task is FAILED, saying DMS last failure message on one line', () => {
  const failed = state(
    task({
      Status: 'failed',
      LastFailureMessage: 'Last Error Task error notification received.\nTask failed: ORA-01017',
      ReplicationTaskStats: { StartDate: STARTED, FullLoadProgressPercent: 61 },
    }),
  );
  expect(failed).toMatchObject({ Status: 'FAILED', ProgressPercent: 61 });
  expect(failed?.StatusDetail).toContain(
    'last failure: Last Error Task error notification received. Task failed: ORA-01017',
  );
});

test('an unknown status or stop reason is IN_PROGRESS naming it, and warned', () => {
  const status = observe(task({ Status: 'hibernating' }));
  expect(status.observation?.task).toMatchObject({ Status: 'IN_PROGRESS' });
  expect(status.observation?.task.StatusDetail).toContain('status hibernating not known to the connector');
  expect(status.warnings).toEqual([
    [
      expect.stringContaining('status not known'),
      { status: 'hibernating', task: 'OEAMB3NXSTZ6LFYZFEPPBBXPYM' },
    ],
  ]);
  const reason = observe(task({ Status: 'stopped', StopReason: 'Stop Reason QUANTUM_FLUX' }));
  expect(reason.observation?.task.Status).toBe('IN_PROGRESS');
  expect(reason.observation?.task.StatusDetail).toContain(
    'stop reason QUANTUM_FLUX not known to the connector',
  );
  expect(reason.warnings).toEqual([
    [
      expect.stringContaining('stop reason not known'),
      expect.objectContaining({ stopReason: 'QUANTUM_FLUX' }),
    ],
  ]);
  // `constructor` is no status, though every object has one.
  expect(observe(task({ Status: 'constructor' })).warnings).toHaveLength(1);
});

test('the task is the resource id in its ARN, in the account of the ARN; a malformed ARN is skipped and warned', () => {
  const { observation } = observe(task({ ReplicationTaskIdentifier: 'renamed-later' }));
  expect(observation?.key).toEqual({
    accountId: '123456789012',
    stream: DMS_STREAM,
    task: 'OEAMB3NXSTZ6LFYZFEPPBBXPYM',
  });
  expect(observation?.observedAtSeconds).toBe(NOW);
  expect(observation?.stalled).toBe(false);
  for (const ReplicationTaskArn of [
    undefined,
    'arn:aws:dms:eu-west-1:123456789012:rep:X',
    'arn:aws:dms:eu-west-1:1234:task:X',
    `${ARN}|x`,
  ]) {
    const skipped = observe(task({ ReplicationTaskArn }));
    expect(skipped.observation).toBeUndefined();
    expect(skipped.warnings).toHaveLength(1);
  }
});
