/**
 * ListMigrationTasks' ResourceName as every task store promises it (the DynamoDB store answers it from its search
 * index, docs/decisions/014-resource-search-index.md): what matches, at once after every change, page by page.
 * Part of the store contract (store-contract.ts), so it runs on the in-memory fake and on both engines.
 */
import type { TaskKey } from '../../lambda/model/task';
import { InvalidCursorError, type TaskStore } from '../../lambda/store/task-store';
import { FakeClock } from '../support/clock';

type Factory = (clock: FakeClock) => { readonly tasks: TaskStore };

let accounts = 0;

export function searchContract(name: string, factory: Factory): void {
  describe(`${name}: ListMigrationTasks by ResourceName`, () => {
    let tasks: TaskStore;
    let accountId: string;
    const key = (task: string, stream = 'Tool'): TaskKey => ({ accountId, stream, task });
    const newTask = async (task: string, stream = 'Tool') => {
      await tasks.createStream({ accountId, stream }, 'test');
      expect(await tasks.importTask(key(task, stream))).toBe('created');
      return key(task, stream);
    };
    const fqdn = (Value: string) => ({ Type: 'FQDN', Value });

    /** Every page of a search, as `stream/task`, and the number of pages. */
    const search = async (value: string, limit = 100, streamFilter = (_: string) => true) => {
      const found: string[] = [];
      let after: string | undefined;
      for (let pages = 1; pages < 100; pages++) {
        const page = await tasks.listTasks(accountId, limit, {
          ...(after !== undefined && { after }),
          resourceName: value,
          streamFilter,
        });
        found.push(...page.items.map((task) => `${task.stream}/${task.task}`));
        if (page.next === undefined) return { found, pages };
        after = page.next;
      }
      throw new Error('the search did not end');
    };
    const foundBy = async (value: string) => (await search(value)).found.sort();

    beforeEach(() => {
      ({ tasks } = factory(new FakeClock(4_000_000_000_000)));
      accounts += 1;
      accountId = String(200_000_000_000 + accounts * 7_919 + Math.floor(Math.random() * 1000));
    });

    test('a value finds its task, with its state, in any stream; another account finds nothing', async () => {
      const vm = await newTask('vm-1');
      await newTask('vm-2');
      const db = await newTask('db-1', 'DMS');
      await tasks.putResourceAttributes(vm, [
        fqdn('web-01.corp'),
        { Type: 'IPV4_ADDRESS', Value: '10.0.0.1' },
      ]);
      await tasks.putResourceAttributes(db, [{ Type: 'IPV4_ADDRESS', Value: '10.0.0.2' }]);
      await tasks.notify(vm, {
        task: { Status: 'IN_PROGRESS' },
        updateDateTime: 4_000_000_000,
        nextUpdateSeconds: 60,
      });
      const page = await tasks.listTasks(accountId, 10, {
        resourceName: '10.0.0.1',
        streamFilter: () => true,
      });
      expect(page).toEqual({ items: [await tasks.describeTask(vm)] });
      expect(await foundBy('10.0.0.2')).toEqual(['DMS/db-1']);
      expect(await foundBy('web-01')).toEqual([]);
      const elsewhere = await tasks.listTasks(`9${accountId.slice(1)}`, 10, {
        resourceName: '10.0.0.1',
        streamFilter: () => true,
      });
      expect(elsewhere.items).toEqual([]);
    });

    test('replace semantics: the old values stop matching at once, the new ones match at once', async () => {
      const vm = await newTask('vm-1');
      await tasks.putResourceAttributes(vm, [fqdn('a.example'), fqdn('b.example')]);
      expect(await foundBy('a.example')).toEqual(['Tool/vm-1']);
      await tasks.putResourceAttributes(vm, [fqdn('b.example'), fqdn('c.example')]);
      expect(await foundBy('a.example')).toEqual([]);
      expect(await foundBy('b.example')).toEqual(['Tool/vm-1']);
      expect(await foundBy('c.example')).toEqual(['Tool/vm-1']);
      await tasks.putResourceAttributes(vm, []);
      for (const value of ['a.example', 'b.example', 'c.example']) expect(await foundBy(value)).toEqual([]);
      // And back: a value matches again once put again.
      await tasks.putResourceAttributes(vm, [fqdn('a.example')]);
      expect(await foundBy('a.example')).toEqual(['Tool/vm-1']);
    });

    test('a discovered id finds its task; a value both an attribute and an id is one match until both go', async () => {
      const vm = await newTask('vm-1');
      const id = 'd-server-0025db43a885966c8';
      await tasks.associateDiscoveredResource(vm, { ConfigurationId: id });
      expect(await foundBy(id)).toEqual(['Tool/vm-1']);
      await tasks.putResourceAttributes(vm, [fqdn(id)]);
      expect(await search(id)).toEqual({ found: ['Tool/vm-1'], pages: 1 });
      // The attribute goes, the discovered resource still matches; then it goes too.
      await tasks.putResourceAttributes(vm, [fqdn('other')]);
      expect(await foundBy(id)).toEqual(['Tool/vm-1']);
      expect(await tasks.disassociateDiscoveredResource(vm, id)).toBe('applied');
      expect(await foundBy(id)).toEqual([]);
      // And the other way round: the id goes first, the attribute still matches.
      await tasks.associateDiscoveredResource(vm, { ConfigurationId: 'other' });
      await tasks.disassociateDiscoveredResource(vm, 'other');
      expect(await foundBy('other')).toEqual(['Tool/vm-1']);
    });

    test('VM names, paths and references match only beside a VM manager id, at once either way', async () => {
      const vm = await newTask('vm-1');
      const vmName = { Type: 'VM_NAME', Value: 'web-vm' };
      await tasks.putResourceAttributes(vm, [vmName]);
      expect(await foundBy('web-vm')).toEqual([]);
      await tasks.putResourceAttributes(vm, [vmName, { Type: 'VM_MANAGER_ID', Value: 'vcenter-1' }]);
      expect(await foundBy('web-vm')).toEqual(['Tool/vm-1']);
      await tasks.putResourceAttributes(vm, [vmName]);
      expect(await foundBy('web-vm')).toEqual([]);
      expect(await foundBy('vcenter-1')).toEqual([]);
    });

    test('two tasks sharing a value: both found; one replaced, the other still found', async () => {
      const a = await newTask('vm-a');
      const b = await newTask('vm-b', 'Other');
      await tasks.putResourceAttributes(a, [fqdn('shared')]);
      await tasks.associateDiscoveredResource(b, { ConfigurationId: 'shared' });
      expect(await foundBy('shared')).toEqual(['Other/vm-b', 'Tool/vm-a']);
      await tasks.putResourceAttributes(a, [fqdn('mine')]);
      expect(await foundBy('shared')).toEqual(['Other/vm-b']);
    });

    test('many matches, page by page: each once, short pages carry a cursor, the last none', async () => {
      const expected: string[] = [];
      for (let n = 0; n < 23; n++) {
        const vm = await newTask(`vm-${n}`, n % 2 ? 'Odd' : 'Even');
        await tasks.putResourceAttributes(vm, [fqdn('wave-1'), fqdn(`host-${n}`)]);
        // A few match by both of their sources: still one result each.
        if (n % 5 === 0) await tasks.associateDiscoveredResource(vm, { ConfigurationId: 'wave-1' });
        expected.push(`${vm.stream}/${vm.task}`);
      }
      await tasks.putResourceAttributes(await newTask('vm-other'), [fqdn('wave-2')]);
      const paged = await search('wave-1', 5);
      expect(paged.pages).toBe(5);
      expect(paged.found).toHaveLength(23);
      expect([...paged.found].sort()).toEqual(expected.sort());
      const exact = await search('wave-1', 23);
      expect(exact).toEqual({ found: paged.found, pages: 1 });
      // Only the streams the caller may read.
      const odd = await search('wave-1', 4, (stream) => stream === 'Odd');
      expect(odd.found.sort()).toEqual(expected.filter((task) => task.startsWith('Odd/')).sort());
    });

    test('a stream being deleted is left out; a cursor of another listing is refused', async () => {
      const vm = await newTask('vm-1');
      await tasks.putResourceAttributes(vm, [fqdn('x.example')]);
      await tasks.beginStreamDeletion({ accountId, stream: 'Tool' });
      expect(await foundBy('x.example')).toEqual([]);
      await expect(
        tasks.listTasks(accountId, 10, { after: 'Tool|vm-1', resourceName: 'x', streamFilter: () => true }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });

    test('writes refused (no such task) leave nothing a search finds', async () => {
      expect(await tasks.putResourceAttributes(key('ghost'), [fqdn('ghost.example')])).toBe('task-not-found');
      expect(await tasks.associateDiscoveredResource(key('ghost'), { ConfigurationId: 'd-ghost' })).toBe(
        'task-not-found',
      );
      expect(await foundBy('ghost.example')).toEqual([]);
      expect(await foundBy('d-ghost')).toEqual([]);
    });
  });
}
