/**
 * What every implementation of the store's interfaces promises, as tests: the DynamoDB stores run them on both
 * engines (test/integration/store-contract.test.ts) and the in-memory fakes in the unit project
 * (test/unit/in-memory-store.test.ts), so the fakes the fast tests use behave as the product does.
 */

import type { ApplicationState } from '../../lambda/model/application';
import { newControl } from '../../lambda/model/home-region';
import { MAX_DISCOVERED_RESOURCES_PER_TASK } from '../../lambda/model/resources';
import type { TaskKey, TaskUpdate } from '../../lambda/model/task';
import type { ApplicationStore } from '../../lambda/store/application-store';
import { LEASE_LEAD_SECONDS } from '../../lambda/store/dynamodb-client';
import type { HomeRegionStore } from '../../lambda/store/home-region-store';
import type { StalenessStore } from '../../lambda/store/staleness-store';
import { InvalidCursorError, type TaskStore } from '../../lambda/store/task-store';
import { FakeClock } from '../support/clock';
import { searchContract } from './search-contract';

export interface Stores {
  readonly tasks: TaskStore;
  readonly staleness: StalenessStore;
  readonly homeRegions: HomeRegionStore;
  readonly applications: ApplicationStore;
}

/** Stores on a fresh set of data, or on shared data: every test uses an account of its own. */
export type StoresFactory = (clock: FakeClock) => Stores;

/**
 * The fake clock's start, far past the real one (2096): an endpoint's own sweep, on the real clock, never finds
 * these leases due while a test is using them.
 */
const T0 = 4_000_000_000;
let accounts = 0;

function update(
  updateDateTime: number,
  Status: TaskUpdate['task']['Status'] = 'IN_PROGRESS',
  ProgressPercent?: number,
  nextUpdateSeconds = 60,
): TaskUpdate {
  return {
    task: { Status, ...(ProgressPercent !== undefined && { ProgressPercent }) },
    updateDateTime,
    nextUpdateSeconds,
  };
}

/** Every page of a listing, following its cursors. */
async function everyPage<T>(
  list: (after?: string) => Promise<{ items: readonly T[]; next?: string } | undefined>,
) {
  const items: T[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await list(after);
    if (!page) throw new Error('no such listing');
    items.push(...page.items);
    if (page.next === undefined) return items;
    after = page.next;
  }
  throw new Error('the listing did not end');
}

export function storeContract(name: string, factory: StoresFactory): void {
  searchContract(name, factory);
  describe(`${name}: the store contract`, () => {
    let clock: FakeClock;
    let tasks: TaskStore;
    let staleness: StalenessStore;
    let homeRegions: HomeRegionStore;
    let applications: ApplicationStore;
    let accountId: string;
    const key = (task: string, stream = 'Tool'): TaskKey => ({ accountId, stream, task });
    const newTask = async (task: string, stream = 'Tool') => {
      await tasks.createStream({ accountId, stream }, 'test');
      expect(await tasks.importTask(key(task, stream))).toBe('created');
      return key(task, stream);
    };

    beforeEach(() => {
      clock = new FakeClock(T0 * 1000);
      ({ tasks, staleness, homeRegions, applications } = factory(clock));
      accounts += 1;
      accountId = String(100_000_000_000 + accounts * 7_919 + Math.floor(Math.random() * 1000)).padStart(
        12,
        '0',
      );
    });

    test('streams: created once, per account; a stream being deleted says so', async () => {
      expect(await tasks.createStream({ accountId, stream: 'Tool' }, 'me')).toBe('created');
      expect(await tasks.createStream({ accountId, stream: 'Tool' }, 'me')).toBe('exists');
      const elsewhere = `9${accountId.slice(1)}`;
      expect(await tasks.createStream({ accountId: elsewhere, stream: 'Tool' }, 'me')).toBe('created');
      expect(await tasks.beginStreamDeletion({ accountId, stream: 'Tool' })).toBe('deleting');
      expect(await tasks.createStream({ accountId, stream: 'Tool' }, 'me')).toBe('stream-deleting');
      expect(await tasks.beginStreamDeletion({ accountId, stream: 'Nope' })).toBe('stream-not-found');
    });

    test('tasks: imported into a stream that exists; importing again changes nothing', async () => {
      expect(await tasks.importTask(key('vm-1'))).toBe('stream-not-found');
      const vm = await newTask('vm-1');
      await tasks.notify(vm, update(T0));
      expect(await tasks.importTask(vm)).toBe('exists');
      expect((await tasks.describeTask(vm))?.latest).toEqual(update(T0));
      expect(await tasks.describeTask(key('vm-2'))).toBeUndefined();
    });

    test('notify: the newest update is the state, older ones are history only', async () => {
      expect(await tasks.notify(key('ghost'), update(T0))).toBe('task-not-found');
      const vm = await newTask('vm-1');
      expect(await tasks.describeTask(vm)).toEqual({ stream: 'Tool', task: 'vm-1', resourceAttributes: [] });
      expect(await tasks.notify(vm, update(T0 + 10, 'IN_PROGRESS', 50))).toBe('applied');
      expect(await tasks.notify(vm, update(T0, 'NOT_STARTED'))).toBe('superseded');
      expect((await tasks.describeTask(vm))?.latest).toEqual(update(T0 + 10, 'IN_PROGRESS', 50));
      // A retry of the current update passes again, and is one history entry.
      expect(await tasks.notify(vm, update(T0 + 10, 'IN_PROGRESS', 50))).toBe('applied');
      const history = await tasks.listUpdates(vm, 100);
      expect(history?.items).toEqual([update(T0, 'NOT_STARTED'), update(T0 + 10, 'IN_PROGRESS', 50)]);
    });

    test('notify: at equal times the further-along update wins, whatever the arrival order', async () => {
      const first = await newTask('a');
      const second = await newTask('b');
      const ahead = update(T0, 'COMPLETED', 100);
      const behind = update(T0, 'IN_PROGRESS', 90);
      expect(await tasks.notify(first, ahead)).toBe('applied');
      expect(await tasks.notify(first, behind)).toBe('superseded');
      expect(await tasks.notify(second, behind)).toBe('applied');
      expect(await tasks.notify(second, ahead)).toBe('applied');
      expect((await tasks.describeTask(first))?.latest).toEqual(ahead);
      expect((await tasks.describeTask(second))?.latest).toEqual(ahead);
    });

    test('resource attributes: replaced whole, and found by value', async () => {
      expect(await tasks.putResourceAttributes(key('ghost'), [{ Type: 'FQDN', Value: 'x' }])).toBe(
        'task-not-found',
      );
      const vm = await newTask('vm-1');
      await newTask('vm-2');
      await tasks.putResourceAttributes(vm, [{ Type: 'FQDN', Value: 'old.example.com' }]);
      await tasks.putResourceAttributes(vm, [{ Type: 'IPV4_ADDRESS', Value: '10.0.0.1' }]);
      expect((await tasks.describeTask(vm))?.resourceAttributes).toEqual([
        { Type: 'IPV4_ADDRESS', Value: '10.0.0.1' },
      ]);
      const found = await tasks.listTasks(accountId, 10, {
        resourceName: '10.0.0.1',
        streamFilter: () => true,
      });
      expect(found.items.map((task) => task.task)).toEqual(['vm-1']);
      const gone = await tasks.listTasks(accountId, 10, {
        resourceName: 'old.example.com',
        streamFilter: () => true,
      });
      expect(gone.items).toEqual([]);
    });

    test('listing streams: in name order, page by page, those being deleted left out', async () => {
      for (const stream of ['c', 'a', 'd', 'b']) await tasks.createStream({ accountId, stream }, 'me');
      await tasks.beginStreamDeletion({ accountId, stream: 'c' });
      expect(await everyPage((after) => tasks.listStreams(accountId, 1, after))).toEqual(['a', 'b', 'd']);
      const all = await tasks.listStreams(accountId, 10);
      expect(all).toEqual({ items: ['a', 'b', 'd'] });
    });

    test('listing tasks: stream by stream, in name order, only streams the filter allows', async () => {
      for (const [stream, task] of [
        ['b', 't2'],
        ['a', 't3'],
        ['b', 't1'],
        ['c', 't0'],
        ['a', 't1'],
      ]) {
        await newTask(task ?? '', stream);
      }
      const names = (page: readonly { stream: string; task: string }[]) =>
        page.map((t) => `${t.stream}/${t.task}`);
      const everything = await everyPage((after) =>
        tasks.listTasks(accountId, 2, { ...(after !== undefined && { after }), streamFilter: () => true }),
      );
      expect(names(everything)).toEqual(['a/t1', 'a/t3', 'b/t1', 'b/t2', 'c/t0']);
      const someStreams = await everyPage((after) =>
        tasks.listTasks(accountId, 1, {
          ...(after !== undefined && { after }),
          streamFilter: (s) => s !== 'b',
        }),
      );
      expect(names(someStreams)).toEqual(['a/t1', 'a/t3', 'c/t0']);
    });

    test('listing a task history: oldest first, page by page; no such task, no listing', async () => {
      const vm = await newTask('vm-1');
      for (const at of [T0 + 3, T0 + 1, T0 + 2]) await tasks.notify(vm, update(at));
      const history = await everyPage((after) => tasks.listUpdates(vm, 1, after));
      expect(history.map((entry) => entry.updateDateTime)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
      expect(await tasks.listUpdates(key('ghost'), 10)).toBeUndefined();
    });

    test('artifacts: associated once per name, removed, listed page by page', async () => {
      const vm = await newTask('vm-1');
      const arn = (n: number) => `arn:aws:ec2:us-east-1:111122223333:instance/i-${n}`;
      expect(await tasks.associateArtifact(key('ghost'), { Name: arn(1) })).toBe('task-not-found');
      for (const n of [1, 2, 3]) await tasks.associateArtifact(vm, { Name: arn(n) });
      await tasks.associateArtifact(vm, { Name: arn(2), Description: 'the new one' });
      expect(await tasks.disassociateArtifact(vm, arn(3))).toBe('applied');
      expect(await tasks.disassociateArtifact(vm, arn(3))).toBe('artifact-not-found');
      const listed = await everyPage((after) => tasks.listArtifacts(vm, 1, after));
      expect([...listed].sort((a, b) => a.Name.localeCompare(b.Name))).toEqual([
        { Name: arn(1) },
        { Name: arn(2), Description: 'the new one' },
      ]);
      expect(await tasks.listArtifacts(key('ghost'), 10)).toBeUndefined();
    });

    /** The names of the tasks ResourceName finds, across every page. */
    const foundBy = async (resourceName: string) =>
      (
        await everyPage((after) =>
          tasks.listTasks(accountId, 10, {
            ...(after !== undefined && { after }),
            resourceName,
            streamFilter: () => true,
          }),
        )
      ).map((task) => task.task);

    test('resource attributes: VM names, paths and references are matched only beside a VM manager id', async () => {
      const vm = await newTask('vm-1');
      const vmScoped = [
        { Type: 'VM_NAME', Value: 'web-vm' },
        { Type: 'VM_PATH', Value: '/dc/vm/web-vm' },
        { Type: 'VM_MANAGED_OBJECT_REFERENCE', Value: 'vm-42' },
      ];
      // Nothing but VM-scoped attributes: stored and described as sent, matched by nothing.
      expect(await tasks.putResourceAttributes(vm, vmScoped)).toBe('applied');
      expect((await tasks.describeTask(vm))?.resourceAttributes).toEqual(vmScoped);
      for (const value of ['web-vm', '/dc/vm/web-vm', 'vm-42']) expect(await foundBy(value)).toEqual([]);
      await tasks.putResourceAttributes(vm, [...vmScoped, { Type: 'VM_MANAGER_ID', Value: 'vcenter-1' }]);
      for (const value of ['web-vm', '/dc/vm/web-vm', 'vm-42', 'vcenter-1']) {
        expect(await foundBy(value)).toEqual(['vm-1']);
      }
      // Replaced without the manager: the VM values stop matching at once, the others still match.
      await tasks.putResourceAttributes(vm, [
        { Type: 'VM_NAME', Value: 'web-vm' },
        { Type: 'FQDN', Value: 'web' },
      ]);
      expect(await foundBy('web-vm')).toEqual([]);
      expect(await foundBy('vcenter-1')).toEqual([]);
      expect(await foundBy('web')).toEqual(['vm-1']);
    });

    test('discovered resources: associated once per id, found by ResourceName, removed, listed page by page', async () => {
      const vm = await newTask('vm-1');
      await newTask('vm-2');
      const id = (n: number) => `d-server-${String(n).padStart(17, '0')}`;
      expect(await tasks.associateDiscoveredResource(key('ghost'), { ConfigurationId: id(1) })).toBe(
        'task-not-found',
      );
      for (const n of [1, 2, 3]) {
        expect(await tasks.associateDiscoveredResource(vm, { ConfigurationId: id(n) })).toBe('applied');
      }
      await tasks.associateDiscoveredResource(vm, { ConfigurationId: id(2), Description: 'the web server' });
      expect(await foundBy(id(2))).toEqual(['vm-1']);
      // An id of 1,600 characters, past DynamoDB's sort key limit as it is.
      const long = `d-${'é'.repeat(1598)}`;
      expect(await tasks.associateDiscoveredResource(vm, { ConfigurationId: long })).toBe('applied');
      expect(await foundBy(long)).toEqual(['vm-1']);
      expect(await tasks.disassociateDiscoveredResource(vm, long)).toBe('applied');

      expect(await tasks.disassociateDiscoveredResource(vm, id(3))).toBe('applied');
      expect(await tasks.disassociateDiscoveredResource(vm, id(3))).toBe('not-associated');
      expect(await tasks.disassociateDiscoveredResource(key('ghost'), id(3))).toBe('task-not-found');
      expect(await foundBy(id(3))).toEqual([]);
      const listed = await everyPage((after) => tasks.listDiscoveredResources(vm, 1, after));
      expect([...listed].sort((a, b) => a.ConfigurationId.localeCompare(b.ConfigurationId))).toEqual([
        { ConfigurationId: id(1) },
        { ConfigurationId: id(2), Description: 'the web server' },
      ]);
      expect(await tasks.listDiscoveredResources(key('ghost'), 10)).toBeUndefined();
      expect(await tasks.listDiscoveredResources(key('vm-2'), 10)).toEqual({ items: [] });
    });

    test('discovered resources: at most the cap per task; an id already there may be associated again', async () => {
      const vm = await newTask('vm-1');
      const id = (n: number) => `d-server-${n}`;
      for (let n = 0; n < MAX_DISCOVERED_RESOURCES_PER_TASK; n++) {
        expect(await tasks.associateDiscoveredResource(vm, { ConfigurationId: id(n) })).toBe('applied');
      }
      expect(await tasks.associateDiscoveredResource(vm, { ConfigurationId: 'd-one-too-many' })).toBe(
        'too-many',
      );
      expect(await foundBy('d-one-too-many')).toEqual([]);
      expect(
        await tasks.associateDiscoveredResource(vm, { ConfigurationId: id(7), Description: 'again' }),
      ).toBe('applied');
      expect(await tasks.disassociateDiscoveredResource(vm, id(0))).toBe('applied');
      expect(await tasks.associateDiscoveredResource(vm, { ConfigurationId: 'd-one-too-many' })).toBe(
        'applied',
      );
      const listed = await everyPage((after) => tasks.listDiscoveredResources(vm, 10, after));
      expect(listed).toHaveLength(MAX_DISCOVERED_RESOURCES_PER_TASK);
      expect(listed).toContainEqual({ ConfigurationId: id(7), Description: 'again' });
    });

    test('source resources: associated once per name (any characters), replaced, removed, listed page by page', async () => {
      const vm = await newTask('vm-1');
      const wave = 'Wave 1\nweb tier';
      expect(await tasks.associateSourceResource(key('ghost'), { Name: wave })).toBe('task-not-found');
      expect(await tasks.associateSourceResource(vm, { Name: wave, Description: 'first' })).toBe('applied');
      expect(await tasks.associateSourceResource(vm, { Name: 'app-billing' })).toBe('applied');
      expect(await tasks.associateSourceResource(vm, { Name: 'srv-01', StatusDetail: 'replicating' })).toBe(
        'applied',
      );
      // Again with the same name: the whole resource is replaced.
      await tasks.associateSourceResource(vm, { Name: wave, StatusDetail: 'cut over' });
      expect(await tasks.disassociateSourceResource(vm, 'app-billing')).toBe('applied');
      expect(await tasks.disassociateSourceResource(vm, 'app-billing')).toBe('not-associated');
      expect(await tasks.disassociateSourceResource(key('ghost'), 'x')).toBe('task-not-found');
      const listed = await everyPage((after) => tasks.listSourceResources(vm, 1, after));
      expect([...listed].sort((a, b) => a.Name.localeCompare(b.Name))).toEqual([
        { Name: 'srv-01', StatusDetail: 'replicating' },
        { Name: wave, StatusDetail: 'cut over' },
      ]);
      // Source resources are not what ResourceName matches.
      expect(await foundBy('srv-01')).toEqual([]);
      expect(await tasks.listSourceResources(key('ghost'), 10)).toBeUndefined();
    });

    test('a stream being deleted refuses every write to its tasks', async () => {
      const vm = await newTask('vm-1');
      await tasks.beginStreamDeletion({ accountId, stream: 'Tool' });
      expect(await tasks.notify(vm, update(T0))).toBe('stream-deleting');
      expect(await tasks.putResourceAttributes(vm, [{ Type: 'FQDN', Value: 'x' }])).toBe('stream-deleting');
      expect(await tasks.associateArtifact(vm, { Name: 'arn:aws:ec2:us-east-1:111122223333:x' })).toBe(
        'stream-deleting',
      );
      expect(await tasks.importTask(key('vm-2'))).toBe('stream-deleting');
      expect(await tasks.associateDiscoveredResource(vm, { ConfigurationId: 'd-server-1' })).toBe(
        'stream-deleting',
      );
      expect(await tasks.disassociateDiscoveredResource(vm, 'd-server-1')).toBe('stream-deleting');
      expect(await tasks.associateSourceResource(vm, { Name: 'srv-01' })).toBe('stream-deleting');
      expect(await tasks.disassociateSourceResource(vm, 'srv-01')).toBe('stream-deleting');
      const listed = await tasks.listTasks(accountId, 10, { streamFilter: () => true });
      expect(listed.items).toEqual([]);
    });

    test('a cursor no listing issued is refused before anything is read', async () => {
      const vm = await newTask('vm-1');
      await expect(tasks.listStreams(accountId, 10, 'a/b')).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(tasks.listStreams(accountId, 10, '')).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(
        tasks.listTasks(accountId, 10, { after: `Tool|${'t'.repeat(300)}`, streamFilter: () => true }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(
        tasks.listTasks(accountId, 10, { after: 'Tool', streamFilter: () => true }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(tasks.listUpdates(vm, 10, 'x'.repeat(1100))).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(tasks.listArtifacts(key('ghost'), 10, 'not-hex')).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(tasks.listDiscoveredResources(vm, 10, 'not-hex')).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(tasks.listSourceResources(vm, 10, 'A'.repeat(64))).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    describe('application states', () => {
      const state = (
        applicationId: string,
        status: ApplicationState['status'],
        updateDateTime: number,
      ): ApplicationState => ({ applicationId, status, updateDateTime });

      test('the newest notification is the state; an older one changes nothing; a retry is applied again', async () => {
        expect(await applications.describe(accountId, 'app-1')).toBeUndefined();
        expect(await applications.notify(accountId, state('app-1', 'IN_PROGRESS', T0 + 10))).toBe('applied');
        expect(await applications.notify(accountId, state('app-1', 'COMPLETED', T0))).toBe('superseded');
        expect(await applications.describe(accountId, 'app-1')).toEqual(
          state('app-1', 'IN_PROGRESS', T0 + 10),
        );
        expect(await applications.notify(accountId, state('app-1', 'IN_PROGRESS', T0 + 10))).toBe('applied');
        expect(await applications.notify(accountId, state('app-1', 'NOT_STARTED', T0 + 10.5))).toBe(
          'applied',
        );
        expect(await applications.describe(accountId, 'app-1')).toEqual(
          state('app-1', 'NOT_STARTED', T0 + 10.5),
        );
      });

      test('at equal times the further-along status wins, whatever the arrival order', async () => {
        const statuses = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'] as const;
        for (const [n, order] of [
          statuses,
          [...statuses].reverse(),
          ['IN_PROGRESS', 'COMPLETED', 'NOT_STARTED'] as const,
        ].entries()) {
          for (const status of order) await applications.notify(accountId, state(`app-${n}`, status, T0));
          expect(await applications.describe(accountId, `app-${n}`)).toEqual(
            state(`app-${n}`, 'COMPLETED', T0),
          );
        }
        expect(await applications.notify(accountId, state('app-0', 'IN_PROGRESS', T0))).toBe('superseded');
      });

      test('states are per account, and ids of 1,600 characters of any kind are kept whole', async () => {
        const long = `${'é'.repeat(1599)}🚀`;
        await applications.notify(accountId, state(long, 'COMPLETED', T0));
        expect(await applications.describe(accountId, long)).toEqual(state(long, 'COMPLETED', T0));
        const elsewhere = `9${accountId.slice(1)}`;
        expect(await applications.describe(elsewhere, long)).toBeUndefined();
        expect((await applications.list(elsewhere, 100, {})).items).toEqual([]);
      });

      test('listing: every state once, page by page, in the same stable order; with ids, only those', async () => {
        const ids = Array.from({ length: 7 }, (_, n) => `app-${n}`);
        for (const [n, id] of ids.entries())
          await applications.notify(accountId, state(id, 'IN_PROGRESS', T0 + n));
        const all = await everyPage((after) =>
          applications.list(accountId, 100, { ...(after !== undefined && { after }) }),
        );
        expect([...all].map((s) => s.applicationId).sort()).toEqual(ids);
        expect(all).toContainEqual(state('app-3', 'IN_PROGRESS', T0 + 3));
        const paged = await everyPage((after) =>
          applications.list(accountId, 2, { ...(after !== undefined && { after }) }),
        );
        expect(paged).toEqual(all);
        const some = ['app-5', 'ghost', 'app-1', 'app-5', 'app-0'];
        const named = await everyPage((after) =>
          applications.list(accountId, 1, { applicationIds: some, ...(after !== undefined && { after }) }),
        );
        expect(named).toEqual(all.filter((s) => some.includes(s.applicationId)));
        const first = await applications.list(accountId, 3, { applicationIds: some });
        expect(first.items).toHaveLength(3);
        expect(first.next).toBeUndefined();
        expect(await applications.list(accountId, 5, { applicationIds: ['ghost'] })).toEqual({ items: [] });
      });

      test('a cursor no listing issued is refused before anything is read', async () => {
        for (const after of ['', 'app-1', 'A'.repeat(64), `${'0'.repeat(64)}|x`]) {
          await expect(applications.list(accountId, 10, { after })).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
          await expect(
            applications.list(accountId, 10, { after, applicationIds: ['app-1'] }),
          ).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });
    });

    describe('staleness', () => {
      /** This account's leases due by `upToSeconds`, across shards. */
      const dueTasks = async (upToSeconds: number) => {
        const due: string[] = [];
        const shards = await staleness.shardCount();
        for (let shard = 0; shard < shards; shard++) {
          const leases = await everyPage((after) => staleness.dueLeases(shard, after, upToSeconds, 50));
          for (const { key: leased } of leases) if (leased.accountId === accountId) due.push(leased.task);
        }
        return due.sort();
      };

      test('an update that can go stale leaves a lease due at its deadline; one that cannot, none', async () => {
        const vm = await newTask('vm-1');
        const done = await newTask('vm-2');
        await tasks.notify(vm, update(T0, 'IN_PROGRESS', 10, 60));
        await tasks.notify(done, update(T0, 'COMPLETED', 100, 60));
        expect(await dueTasks(T0 + 59)).toEqual([]);
        expect(await dueTasks(T0 + 60)).toEqual(['vm-1']);
      });

      test('a deadline already past, or nearer than the lease lead, is due the lead after the write', async () => {
        const late = await newTask('vm-1');
        const soon = await newTask('vm-2');
        clock.seconds = T0 + 1000;
        await tasks.notify(late, update(T0, 'IN_PROGRESS', 10, 60));
        await tasks.notify(soon, update(T0 + 1000, 'IN_PROGRESS', 10, 1));
        expect(await dueTasks(T0 + 1000 + LEASE_LEAD_SECONDS - 0.5)).toEqual([]);
        expect(await dueTasks(T0 + 1000 + LEASE_LEAD_SECONDS)).toEqual(['vm-1', 'vm-2']);
      });

      test('the marker: set only while its update is current, cleared only by its own value', async () => {
        const vm = await newTask('vm-1');
        expect(await staleness.sweepTask(key('ghost'))).toBeUndefined();
        expect(await staleness.sweepTask(vm)).toEqual({ deleting: false });
        await tasks.notify(vm, update(T0));
        const task = await staleness.sweepTask(vm);
        const current = task?.current;
        if (!current) throw new Error('no current update');
        expect(current.update).toEqual(update(T0));
        const marker = { updateDateTime: T0, tieBreak: current.tieBreak, deadline: T0 + 60 };
        expect(await staleness.markStale(vm, { ...marker, tieBreak: `${current.tieBreak}x` })).toBe(false);
        expect(await staleness.markStale(vm, marker)).toBe(true);
        expect((await staleness.sweepTask(vm))?.marker).toEqual(marker);
        await staleness.clearStale(vm, { ...marker, updateDateTime: T0 - 1 });
        expect((await staleness.sweepTask(vm))?.marker).toEqual(marker);
        // Reporting again while marked leaves a lease due as soon as it can be (the lease lead after its write),
        // for the sweeper to publish the recovery.
        clock.seconds = T0 + 500;
        await tasks.notify(vm, update(T0 + 400, 'IN_PROGRESS', 20, 3600));
        expect(await dueTasks(T0 + 500 + LEASE_LEAD_SECONDS - 0.5)).toEqual(['vm-1']);
        expect(await dueTasks(T0 + 500 + LEASE_LEAD_SECONDS)).toEqual(['vm-1', 'vm-1']);
        expect(await staleness.markStale(vm, marker)).toBe(false);
        await staleness.clearStale(vm, marker);
        expect((await staleness.sweepTask(vm))?.marker).toBeUndefined();
      });

      test('a task whose stream is being deleted is not marked', async () => {
        const vm = await newTask('vm-1');
        await tasks.notify(vm, update(T0));
        const tieBreak = (await staleness.sweepTask(vm))?.current?.tieBreak ?? '';
        await tasks.beginStreamDeletion({ accountId, stream: 'Tool' });
        expect((await staleness.sweepTask(vm))?.deleting).toBe(true);
        expect(await staleness.markStale(vm, { updateDateTime: T0, tieBreak, deadline: T0 + 60 })).toBe(
          false,
        );
      });

      test('a shard cursor only moves forward', async () => {
        const shard = (await staleness.shardCount()) - 1;
        const start = await staleness.cursor(shard);
        const ahead = `${start ?? ''}~~~~${accountId}`;
        await staleness.advanceCursor(shard, ahead);
        expect(await staleness.cursor(shard)).toBe(ahead);
        await staleness.advanceCursor(shard, `${start ?? ''}~~~~0`);
        expect(await staleness.cursor(shard)).toBe(ahead);
      });
    });
    describe('home region controls', () => {
      test('one per account: created where none exists, otherwise the stored one stays in force', async () => {
        expect(await homeRegions.get(accountId)).toBeUndefined();
        const first = newControl(accountId, 'eu-west-1', T0);
        expect(await homeRegions.createIfAbsent(first)).toEqual(first);
        expect(await homeRegions.get(accountId)).toEqual(first);
        // A second create, for any region, leaves the first in force and says so.
        expect(await homeRegions.createIfAbsent(newControl(accountId, 'us-west-2', T0 + 5))).toEqual(first);
        expect(await homeRegions.createIfAbsent(newControl(accountId, 'eu-west-1', T0 + 9))).toEqual(first);
        expect(await homeRegions.get(accountId)).toEqual(first);
        // Another account has its own; streams in the same partition are left alone.
        const elsewhere = `9${accountId.slice(1)}`;
        expect(await homeRegions.get(elsewhere)).toBeUndefined();
        await tasks.createStream({ accountId, stream: 'Tool' }, 'me');
        expect((await tasks.listStreams(accountId, 10)).items).toEqual(['Tool']);
      });

      test('deleted only under its own id, and only in its own account', async () => {
        const control = newControl(accountId, 'us-east-1', T0);
        await homeRegions.createIfAbsent(control);
        const elsewhere = `9${accountId.slice(1)}`;
        expect(await homeRegions.delete(elsewhere, control.controlId)).toBe(false);
        expect(await homeRegions.delete(accountId, 'hrc-000000000000')).toBe(false);
        expect(await homeRegions.get(accountId)).toEqual(control);
        expect(await homeRegions.delete(accountId, control.controlId)).toBe(true);
        expect(await homeRegions.get(accountId)).toBeUndefined();
        expect(await homeRegions.delete(accountId, control.controlId)).toBe(false);
        // Once deleted, another region may be set.
        const next = newControl(accountId, 'ap-southeast-2', T0 + 60);
        expect(await homeRegions.createIfAbsent(next)).toEqual(next);
        expect(await homeRegions.get(accountId)).toEqual(next);
      });
    });
  });
}
