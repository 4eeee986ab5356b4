/**
 * In-memory fakes of the store's interfaces, sharing one set of data as the DynamoDB stores share a table: the
 * TaskStore and ApplicationStore the operations use and the StalenessStore the sweeper uses. They are held to the same
 * contract tests as the DynamoDB stores (test/contract/), so a unit test on them tells the truth about the
 * product. Positions, leases and cursors come from the store's key module, so orders and cursors are the real
 * ones; everything else is plain maps.
 */

import type { Clock } from '../../lambda/clock';
import { nowSeconds } from '../../lambda/clock';
import { type ApplicationState, applicationSupersedes } from '../../lambda/model/application';
import { supersedes, tieBreakKey, updateDigest } from '../../lambda/model/ordering';
import {
  type DiscoveredResource,
  MAX_DISCOVERED_RESOURCES_PER_TASK,
  matchableValues,
  type SourceResource,
} from '../../lambda/model/resources';
import { leaseDueTimes, type StaleMarker } from '../../lambda/model/staleness';
import type {
  CreatedArtifact,
  ResourceAttribute,
  StreamKey,
  TaskKey,
  TaskUpdate,
} from '../../lambda/model/task';
import type { ApplicationStore } from '../../lambda/store/application-store';
import { LEASE_LEAD_SECONDS } from '../../lambda/store/dynamodb-client';
import type { Lease, StalenessStore, SweepTask } from '../../lambda/store/staleness-store';
import { DEFAULT_LEASE_SHARDS } from '../../lambda/store/staleness-store';
import {
  applicationDigest,
  artifactSortKey,
  cursors,
  discoveredResourceKey,
  historySortKey,
  leaseItemKey,
  leaseKeyBound,
  searchTaskDigest,
  sourceResourceSortKey,
} from '../../lambda/store/table';
import {
  type AssociateDiscoveredOutcome,
  type CreateStreamOutcome,
  type Cursor,
  type DeleteStreamOutcome,
  type DisassociateOutcome,
  type DisassociateResourceOutcome,
  type ImportTaskOutcome,
  InvalidCursorError,
  type ListTasksOptions,
  type NotifyOutcome,
  type Page,
  type TaskState,
  type TaskStore,
  type TaskWriteOutcome,
} from '../../lambda/store/task-store';
import { InMemoryHomeRegionStore } from './in-memory-home-region-store';

interface StoredTask {
  latest?: TaskUpdate;
  resourceAttributes: ResourceAttribute[];
  deleting: boolean;
  marker?: StaleMarker;
  history: Map<string, TaskUpdate>;
  artifacts: Map<string, CreatedArtifact>;
  /** By discoveredResourceKey, as the DynamoDB store's partition and `discoveredIds`. */
  discovered: Map<string, DiscoveredResource>;
  /** By sourceResourceSortKey. */
  sources: Map<string, SourceResource>;
}

interface StoredStream {
  state: 'ACTIVE' | 'DELETING';
  tasks: Map<string, StoredTask>;
}

/** DynamoDB orders string keys by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function sortedKeys<T>(map: ReadonlyMap<string, T>): string[] {
  return [...map.keys()].sort(byBytes);
}

function decoded<T>(position: T | undefined): T {
  if (position === undefined) throw new InvalidCursorError();
  return position;
}

/** The keys of a sorted listing after a position, one page of them, and the position of the next page. */
function pageOf(keys: readonly string[], after: string | undefined, limit: number) {
  const rest = after === undefined ? keys : keys.filter((key) => byBytes(key, after) > 0);
  const page = rest.slice(0, limit);
  return { page, more: rest.length > limit, last: page.at(-1) };
}

export class InMemoryStore {
  /** account → stream name → stream. */
  private readonly accounts = new Map<string, Map<string, StoredStream>>();
  /** shard → lease position → task. */
  private readonly leases = new Map<number, Map<string, TaskKey>>();
  private readonly sweepCursors = new Map<number, string>();
  /** account → digest of the application id (its position, as the DynamoDB store's sort key) → state. */
  private readonly applicationStates = new Map<string, Map<string, ApplicationState>>();

  readonly tasks: TaskStore;
  readonly staleness: StalenessStore;
  readonly homeRegions = new InMemoryHomeRegionStore();
  readonly applications: ApplicationStore;

  constructor(
    private readonly clock: Clock,
    private readonly leaseLeadSeconds = LEASE_LEAD_SECONDS,
  ) {
    this.tasks = this.taskStore();
    this.staleness = this.stalenessStore();
    this.applications = this.applicationStore();
  }

  private streamsOf(accountId: string): Map<string, StoredStream> {
    const streams = this.accounts.get(accountId) ?? new Map<string, StoredStream>();
    this.accounts.set(accountId, streams);
    return streams;
  }

  private stream({ accountId, stream }: StreamKey): StoredStream | undefined {
    return this.accounts.get(accountId)?.get(stream);
  }

  private task(key: TaskKey): StoredTask | undefined {
    return this.stream(key)?.tasks.get(key.task);
  }

  private stateOf(stream: string, task: string, stored: StoredTask): TaskState {
    return {
      stream,
      task,
      ...(stored.latest && { latest: stored.latest }),
      resourceAttributes: stored.resourceAttributes,
    };
  }

  private addLease(key: TaskKey, dueSeconds: number): void {
    const { sk, shard } = leaseItemKey(key.accountId, key.stream, key.task, dueSeconds, DEFAULT_LEASE_SHARDS);
    const shardLeases = this.leases.get(shard) ?? new Map<string, TaskKey>();
    this.leases.set(shard, shardLeases);
    shardLeases.set(sk, { accountId: key.accountId, stream: key.stream, task: key.task });
  }

  /** ResourceName's matches in the search index's order (by searchTaskDigest), its cursor the last digest. */
  private search(
    accountId: string,
    limit: number,
    value: string,
    after: Cursor | undefined,
    streamFilter: (stream: string) => boolean,
  ): Page<TaskState> {
    const from = after === undefined ? undefined : decoded(cursors.search.decode(after));
    const matched = new Map<string, TaskState>();
    for (const [name, stream] of this.accounts.get(accountId) ?? []) {
      if (stream.state !== 'ACTIVE' || !streamFilter(name)) continue;
      for (const [task, stored] of stream.tasks) {
        if (
          matchableValues(stored.resourceAttributes).includes(value) ||
          stored.discovered.has(discoveredResourceKey(value))
        ) {
          matched.set(searchTaskDigest(name, task), this.stateOf(name, task, stored));
        }
      }
    }
    const { page, more, last } = pageOf(sortedKeys(matched), from, limit);
    return {
      items: page.flatMap((digest) => matched.get(digest) ?? []),
      ...(more && last !== undefined && { next: cursors.search.encode(last) }),
    };
  }

  private taskStore(): TaskStore {
    const self = this;
    const writable = (key: TaskKey): StoredTask | 'task-not-found' | 'stream-deleting' => {
      const stored = self.task(key);
      if (!stored) return 'task-not-found';
      return stored.deleting ? 'stream-deleting' : stored;
    };
    return {
      async createStream(key): Promise<CreateStreamOutcome> {
        const existing = self.stream(key);
        if (existing) return existing.state === 'DELETING' ? 'stream-deleting' : 'exists';
        self.streamsOf(key.accountId).set(key.stream, { state: 'ACTIVE', tasks: new Map() });
        return 'created';
      },
      async importTask(key): Promise<ImportTaskOutcome> {
        const stream = self.stream(key);
        if (!stream) return 'stream-not-found';
        if (stream.state === 'DELETING') return 'stream-deleting';
        const existing = stream.tasks.get(key.task);
        if (existing) return existing.deleting ? 'stream-deleting' : 'exists';
        stream.tasks.set(key.task, {
          resourceAttributes: [],
          deleting: false,
          history: new Map(),
          artifacts: new Map(),
          discovered: new Map(),
          sources: new Map(),
        });
        return 'created';
      },
      async notify(key, update): Promise<NotifyOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        stored.history.set(historySortKey(update.updateDateTime, updateDigest(update)), update);
        if (!supersedes(update, stored.latest)) return 'superseded';
        stored.latest = update;
        const leases = leaseDueTimes(update, {
          wasPublishedStale: stored.marker !== undefined,
          writeStartSeconds: nowSeconds(self.clock),
          leadSeconds: self.leaseLeadSeconds,
        });
        for (const due of leases) self.addLease(key, due);
        return 'applied';
      },
      async describeTask(key) {
        const stored = self.task(key);
        return stored && self.stateOf(key.stream, key.task, stored);
      },
      async putResourceAttributes(key, attributes): Promise<TaskWriteOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        stored.resourceAttributes = attributes.map(({ Type, Value }) => ({ Type, Value }));
        return 'applied';
      },
      async listStreams(accountId, limit, after?: Cursor): Promise<Page<string>> {
        const from = after === undefined ? undefined : decoded(cursors.streams.decode(after));
        const streams = self.accounts.get(accountId) ?? new Map<string, StoredStream>();
        const active = sortedKeys(streams).filter((name) => streams.get(name)?.state === 'ACTIVE');
        const { page, more, last } = pageOf(active, from, limit);
        return { items: page, ...(more && last !== undefined && { next: cursors.streams.encode(last) }) };
      },
      async listTasks(accountId, limit, { after, resourceName, streamFilter }: ListTasksOptions) {
        if (resourceName !== undefined)
          return self.search(accountId, limit, resourceName, after, streamFilter);
        const from = after === undefined ? undefined : decoded(cursors.tasks.decode(after));
        const streams = self.accounts.get(accountId) ?? new Map<string, StoredStream>();
        const found: TaskState[] = [];
        for (const name of sortedKeys(streams)) {
          const stream = streams.get(name);
          if (stream?.state !== 'ACTIVE' || !streamFilter(name)) continue;
          if (from && byBytes(name, from.stream) < 0) continue;
          for (const task of sortedKeys(stream.tasks)) {
            if (from && name === from.stream && byBytes(task, from.task) <= 0) continue;
            const stored = stream.tasks.get(task);
            if (!stored) continue;
            found.push(self.stateOf(name, task, stored));
          }
        }
        const items = found.slice(0, limit);
        const last = items.at(-1);
        return {
          items,
          ...(found.length > limit && last && { next: cursors.tasks.encode(last.stream, last.task) }),
        };
      },
      async listUpdates(key, limit, after) {
        const from = after === undefined ? undefined : decoded(cursors.history.decode(after));
        const stored = self.task(key);
        if (!stored) return undefined;
        const { page, more, last } = pageOf(sortedKeys(stored.history), from, limit);
        return {
          items: page.flatMap((sk) => stored.history.get(sk) ?? []),
          ...(more && last !== undefined && { next: cursors.history.encode(last) }),
        };
      },
      async associateArtifact(key, { Name, Description }): Promise<TaskWriteOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        stored.artifacts.set(artifactSortKey(Name), {
          Name,
          ...(Description !== undefined && { Description }),
        });
        return 'applied';
      },
      async disassociateArtifact(key, name): Promise<DisassociateOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        return stored.artifacts.delete(artifactSortKey(name)) ? 'applied' : 'artifact-not-found';
      },
      async listArtifacts(key, limit, after) {
        const from = after === undefined ? undefined : decoded(cursors.artifacts.decode(after));
        const stored = self.task(key);
        if (!stored) return undefined;
        const { page, more, last } = pageOf(sortedKeys(stored.artifacts), from, limit);
        return {
          items: page.flatMap((sk) => stored.artifacts.get(sk) ?? []),
          ...(more && last !== undefined && { next: cursors.artifacts.encode(last) }),
        };
      },
      async associateDiscoveredResource(
        key,
        { ConfigurationId, Description },
      ): Promise<AssociateDiscoveredOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        const id = discoveredResourceKey(ConfigurationId);
        if (!stored.discovered.has(id) && stored.discovered.size >= MAX_DISCOVERED_RESOURCES_PER_TASK) {
          return 'too-many';
        }
        stored.discovered.set(id, { ConfigurationId, ...(Description !== undefined && { Description }) });
        return 'applied';
      },
      async disassociateDiscoveredResource(key, configurationId): Promise<DisassociateResourceOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        return stored.discovered.delete(discoveredResourceKey(configurationId))
          ? 'applied'
          : 'not-associated';
      },
      async listDiscoveredResources(key, limit, after) {
        const from = after === undefined ? undefined : decoded(cursors.discoveredResources.decode(after));
        const stored = self.task(key);
        if (!stored) return undefined;
        const { page, more, last } = pageOf(sortedKeys(stored.discovered), from, limit);
        return {
          items: page.flatMap((sk) => stored.discovered.get(sk) ?? []),
          ...(more && last !== undefined && { next: cursors.discoveredResources.encode(last) }),
        };
      },
      async associateSourceResource(key, { Name, Description, StatusDetail }): Promise<TaskWriteOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        stored.sources.set(sourceResourceSortKey(Name), {
          Name,
          ...(Description !== undefined && { Description }),
          ...(StatusDetail !== undefined && { StatusDetail }),
        });
        return 'applied';
      },
      async disassociateSourceResource(key, name): Promise<DisassociateResourceOutcome> {
        const stored = writable(key);
        if (typeof stored === 'string') return stored;
        return stored.sources.delete(sourceResourceSortKey(name)) ? 'applied' : 'not-associated';
      },
      async listSourceResources(key, limit, after) {
        const from = after === undefined ? undefined : decoded(cursors.sourceResources.decode(after));
        const stored = self.task(key);
        if (!stored) return undefined;
        const { page, more, last } = pageOf(sortedKeys(stored.sources), from, limit);
        return {
          items: page.flatMap((sk) => stored.sources.get(sk) ?? []),
          ...(more && last !== undefined && { next: cursors.sourceResources.encode(last) }),
        };
      },
      async beginStreamDeletion(key): Promise<DeleteStreamOutcome> {
        const stream = self.stream(key);
        if (!stream) return 'stream-not-found';
        stream.state = 'DELETING';
        for (const task of stream.tasks.values()) task.deleting = true;
        return 'deleting';
      },
    };
  }

  private applicationStore(): ApplicationStore {
    const self = this;
    const statesOf = (accountId: string) => {
      const states = self.applicationStates.get(accountId) ?? new Map<string, ApplicationState>();
      self.applicationStates.set(accountId, states);
      return states;
    };
    return {
      async notify(accountId, state) {
        const states = statesOf(accountId);
        const position = applicationDigest(state.applicationId);
        if (!applicationSupersedes(state, states.get(position))) return 'superseded';
        states.set(position, { ...state });
        return 'applied';
      },
      async describe(accountId, applicationId) {
        return self.applicationStates.get(accountId)?.get(applicationDigest(applicationId));
      },
      async list(accountId, limit, { after, applicationIds }) {
        const from = after === undefined ? undefined : decoded(cursors.applications.decode(after));
        const states = self.applicationStates.get(accountId) ?? new Map<string, ApplicationState>();
        const wanted = applicationIds && new Set(applicationIds.map(applicationDigest));
        const positions = sortedKeys(states).filter((position) => !wanted || wanted.has(position));
        const { page, more, last } = pageOf(positions, from, limit);
        return {
          items: page.flatMap((position) => states.get(position) ?? []),
          ...(more && last !== undefined && { next: cursors.applications.encode(last) }),
        };
      },
    };
  }

  private stalenessStore(): StalenessStore {
    const self = this;
    const isCurrent = (stored: StoredTask, marker: StaleMarker) =>
      stored.latest !== undefined &&
      stored.latest.updateDateTime === marker.updateDateTime &&
      tieBreakKey(stored.latest) === marker.tieBreak;
    return {
      async shardCount() {
        return DEFAULT_LEASE_SHARDS;
      },
      async cursor(shard) {
        return self.sweepCursors.get(shard);
      },
      async dueLeases(shard, after, upToSeconds, limit): Promise<Page<Lease>> {
        const shardLeases = self.leases.get(shard) ?? new Map<string, TaskKey>();
        const bound = leaseKeyBound(upToSeconds);
        const due = sortedKeys(shardLeases).filter((sk) => byBytes(sk, bound) <= 0);
        const { page, last } = pageOf(due, after, limit);
        return {
          items: page.flatMap((position) => {
            const key = shardLeases.get(position);
            return key ? [{ key, position }] : [];
          }),
          // As a DynamoDB Query with a Limit: a full page says where to go on, even when nothing follows.
          ...(page.length === limit && last !== undefined && { next: last }),
        };
      },
      async advanceCursor(shard, position) {
        const current = self.sweepCursors.get(shard);
        if (current === undefined || byBytes(current, position) < 0) self.sweepCursors.set(shard, position);
      },
      async sweepTask(key): Promise<SweepTask | undefined> {
        const stored = self.task(key);
        if (!stored) return undefined;
        return {
          ...(stored.latest && { current: { update: stored.latest, tieBreak: tieBreakKey(stored.latest) } }),
          ...(stored.marker && { marker: stored.marker }),
          deleting: stored.deleting,
        };
      },
      async markStale(key, marker) {
        const stored = self.task(key);
        if (!stored || stored.deleting || !isCurrent(stored, marker)) return false;
        stored.marker = { ...marker };
        return true;
      },
      async clearStale(key, marker) {
        const stored = self.task(key);
        if (
          stored?.marker &&
          stored.marker.updateDateTime === marker.updateDateTime &&
          stored.marker.tieBreak === marker.tieBreak
        ) {
          delete stored.marker;
        }
      },
    };
  }
}
