/**
 * What the dashboard shows, read through the Migration Hub API: streams with their tasks and the counts per
 * status, and one task's history on demand. Every open page polls; reads are shared for a moment so several
 * tabs cost one walk of the API.
 */
import type {
  ApplicationView,
  History,
  Overview,
  SearchResult,
  StatusKey,
  StreamView,
  TaskView,
} from './contract';
import { MigrationHubApiError, type MigrationHubReader, type TaskSummary } from './migration-hub-reader';

export interface DashboardDataOptions {
  /** How long one reading of the API answers every page. @default 2000 */
  readonly shareMs?: number;
  /** Most tasks whose resource attributes are read per refresh, so a large account costs a bounded amount. @default 100 */
  readonly describeBudget?: number;
  /** How long a task's resource attributes are trusted before they are read again. @default 15 minutes */
  readonly resourceTtlMs?: number;
  /** Most updates read for one task's timeline. @default 5000 */
  readonly historyLimit?: number;
  /** Most discovered, and most source, resources read for one task's timeline. @default 100 */
  readonly associationsLimit?: number;
  readonly now?: () => number;
}

interface Resources {
  readonly values: readonly string[];
  readonly readAt: number;
}

/** Resource attributes are read this many tasks at a time. */
const DESCRIBE_CONCURRENCY = 4;

/** `|` appears in no stream or task name. */
const taskKey = (stream: string, task: string) => `${stream}|${task}`;

export class DashboardData {
  private readonly shareMs: number;
  private readonly describeBudget: number;
  private readonly resourceTtlMs: number;
  private readonly historyLimit: number;
  private readonly associationsLimit: number;
  private readonly now: () => number;
  private readonly resources = new Map<string, Resources>();
  private shared?: { readonly promise: Promise<Overview>; readonly at: number };

  constructor(
    private readonly reader: MigrationHubReader,
    private readonly source: string,
    options: DashboardDataOptions = {},
  ) {
    this.shareMs = options.shareMs ?? 2_000;
    this.describeBudget = options.describeBudget ?? 100;
    this.resourceTtlMs = options.resourceTtlMs ?? 15 * 60_000;
    this.historyLimit = options.historyLimit ?? 5_000;
    this.associationsLimit = options.associationsLimit ?? 100;
    this.now = options.now ?? Date.now;
  }

  /** Every stream and task of the account, as the API lists them now (or read less than shareMs ago). */
  overview(): Promise<Overview> {
    const now = this.now();
    if (this.shared && now - this.shared.at < this.shareMs) return this.shared.promise;
    const promise = this.read();
    this.shared = { promise, at: now };
    // A failed read is not shared: the next page's poll tries again.
    promise.catch(() => {
      if (this.shared?.promise === promise) this.shared = undefined;
    });
    return promise;
  }

  async history(stream: string, task: string): Promise<History> {
    const [{ updates, truncated }, attributes, discovered, sources] = await Promise.all([
      this.reader.listUpdates(stream, task, this.historyLimit),
      this.reader.resourceAttributes(stream, task),
      this.reader.discoveredResources(stream, task, this.associationsLimit),
      this.reader.sourceResources(stream, task, this.associationsLimit),
    ]);
    this.resources.set(taskKey(stream, task), {
      values: attributes.map((a) => a.Value),
      readAt: this.now(),
    });
    return {
      stream,
      task,
      updates: updates.map(({ UpdateDateTime, MigrationTaskState: state }) => ({
        at: UpdateDateTime,
        status: state.Status,
        ...(state.StatusDetail !== undefined && { detail: state.StatusDetail }),
        ...(state.ProgressPercent !== undefined && { progress: state.ProgressPercent }),
      })),
      truncated,
      resources: attributes.map((a) => ({ type: a.Type, value: a.Value })),
      discovered: discovered.resources.map((r) => ({
        id: r.ConfigurationId,
        ...(r.Description !== undefined && { description: r.Description }),
      })),
      sources: sources.resources.map((r) => ({
        name: r.Name,
        ...(r.Description !== undefined && { description: r.Description }),
        ...(r.StatusDetail !== undefined && { statusDetail: r.StatusDetail }),
      })),
      resourcesTruncated: discovered.truncated || sources.truncated,
    };
  }

  /**
   * The tasks whose resource attribute value or discovered id is `query`, whole: one ListMigrationTasks with
   * ResourceName, whose cost follows the matches. What ResourceName cannot be (empty, over 1,600 characters,
   * a line break) finds nothing without asking.
   */
  async search(query: string): Promise<SearchResult> {
    if (!/^.{1,1600}$/u.test(query)) return { query, tasks: [] };
    const found = await this.reader.listTasks(query);
    return {
      query,
      tasks: found.map((summary) => ({
        stream: summary.ProgressUpdateStream,
        task: summary.MigrationTaskName,
      })),
    };
  }

  private async read(): Promise<Overview> {
    const [streamNames, summaries, states] = await Promise.all([
      this.reader.listStreams(),
      this.reader.listTasks(),
      this.reader.listApplications(),
    ]);
    await this.readResources(summaries);

    const tasksByStream = new Map<string, TaskView[]>(streamNames.map((name) => [name, []]));
    const counts: Record<StatusKey, number> = {
      NOT_REPORTED: 0,
      NOT_STARTED: 0,
      IN_PROGRESS: 0,
      FAILED: 0,
      COMPLETED: 0,
    };
    let stale = 0;
    let resourcesPending = 0;
    for (const summary of summaries) {
      const resources = this.resources.get(taskKey(summary.ProgressUpdateStream, summary.MigrationTaskName));
      if (!resources) resourcesPending++;
      const view = taskView(summary, resources);
      counts[view.status ?? 'NOT_REPORTED']++;
      if (view.stale) stale++;
      // A stream listed by the tasks but not (or no longer) by ListProgressUpdateStreams still shows them.
      let tasks = tasksByStream.get(view.stream);
      if (!tasks) {
        tasks = [];
        tasksByStream.set(view.stream, tasks);
      }
      tasks.push(view);
    }
    const streams: StreamView[] = [...tasksByStream]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, tasks]) => ({ name, tasks }));

    // Forget the attributes of tasks that are gone (a deleted stream's).
    const present = new Set(summaries.map((s) => taskKey(s.ProgressUpdateStream, s.MigrationTaskName)));
    for (const key of this.resources.keys()) if (!present.has(key)) this.resources.delete(key);

    return {
      generatedAt: this.now() / 1000,
      source: this.source,
      streams,
      counts: { ...counts, total: summaries.length, stale },
      resourcesPending,
      applications: states
        .map(
          (state): ApplicationView => ({
            id: state.ApplicationId,
            status: state.ApplicationStatus,
            updatedAt: state.LastUpdatedTime,
          }),
        )
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    };
  }

  /**
   * Reads the resource attributes of tasks never read, then of those read longest ago beyond the TTL, at most
   * describeBudget per refresh: a large account's search fills in over a few refreshes.
   */
  private async readResources(summaries: readonly TaskSummary[]): Promise<void> {
    const now = this.now();
    const due = summaries
      .map((s) => ({ stream: s.ProgressUpdateStream, task: s.MigrationTaskName }))
      .map((t) => ({ ...t, readAt: this.resources.get(taskKey(t.stream, t.task))?.readAt ?? -1 }))
      .filter((t) => t.readAt < 0 || now - t.readAt > this.resourceTtlMs)
      .sort((a, b) => a.readAt - b.readAt)
      .slice(0, this.describeBudget);
    const workers = Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, due.length) }, async () => {
      for (let next = due.shift(); next; next = due.shift()) {
        const { stream, task } = next;
        try {
          const attributes = await this.reader.resourceAttributes(stream, task);
          this.resources.set(taskKey(stream, task), { values: attributes.map((a) => a.Value), readAt: now });
        } catch (error) {
          // A task deleted since it was listed has no attributes to find; anything else fails the refresh.
          if (error instanceof MigrationHubApiError && error.type === 'ResourceNotFoundException') continue;
          throw error;
        }
      }
    });
    await Promise.all(workers);
  }
}

function taskView(summary: TaskSummary, resources: Resources | undefined): TaskView {
  return {
    stream: summary.ProgressUpdateStream,
    name: summary.MigrationTaskName,
    ...(summary.Status && { status: summary.Status }),
    ...(summary.ProgressPercent !== undefined && { progress: summary.ProgressPercent }),
    ...(summary.StatusDetail !== undefined && { detail: summary.StatusDetail }),
    ...(summary.UpdateDateTime !== undefined && { updatedAt: summary.UpdateDateTime }),
    stale: summary.Stale === true,
    ...(summary.Stale === true && summary.StaleSince !== undefined && { staleSince: summary.StaleSince }),
    resources: resources?.values ?? [],
  };
}
