/**
 * The dashboard: counts, filters, and every stream's tasks. It polls its backend every few seconds and
 * re-renders in place (rows keyed by task, so focus, scroll and the open timeline stay where they were); the
 * filters and the open timeline live in the address bar, so a reload keeps them too.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Overview, TaskView } from '../contract';
import { fetchHistory, fetchOverview, fetchSearch } from './api';
import { ApplicationSection } from './application-section';
import { FilterBar } from './filter-bar';
import { type Filters, matches, readViewState, type TaskRef, writeViewState } from './filters';
import { ago } from './format';
import { StreamSection, taskKey } from './stream-section';
import { Summary } from './summary';
import type { HistoryState } from './timeline';

/** How often the page reads the migration again while it is visible. */
export const REFRESH_MS = 5_000;

/** How long typing pauses before the API is asked for the tasks a whole resource value finds. */
const SEARCH_DELAY_MS = 250;

const nowSeconds = () => Date.now() / 1000;

interface OpenHistory extends HistoryState {
  readonly key: string;
  /** The task's UpdateDateTime when its history was read: a newer one means the history grew. */
  readonly readFor: number | undefined;
}

function findTask(overview: Overview | undefined, ref: TaskRef | undefined): TaskView | undefined {
  if (!overview || !ref) return undefined;
  return overview.streams.find((s) => s.name === ref.stream)?.tasks.find((t) => t.name === ref.task);
}

function focusTask(ref: TaskRef): void {
  const key = taskKey(ref);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-task-key]')) {
    if (button.dataset.taskKey === key) button.focus();
  }
}

export function App() {
  const initial = useMemo(() => readViewState(location.search), []);
  const [filters, setFilters] = useState<Filters>(initial.filters);
  const [open, setOpen] = useState<TaskRef | undefined>(initial.open);
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<string>();
  const [lastRead, setLastRead] = useState<number>();
  const [now, setNow] = useState(nowSeconds);
  const [history, setHistory] = useState<OpenHistory>();
  const [refreshing, setRefreshing] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const inFlight = useRef(false);
  /** The tasks the API finds by the whole query (ResourceName), by taskKey, and the query they answer. */
  const [found, setFound] = useState<{ readonly query: string; readonly keys: ReadonlySet<string> }>();

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRefreshing(true);
    try {
      setOverview(await fetchOverview());
      setLastRead(nowSeconds());
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      inFlight.current = false;
      setRefreshing(false);
      setNow(nowSeconds());
    }
  }, []);

  // Poll while the page is visible; catch up at once when it becomes visible again.
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
      else setNow(nowSeconds());
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  // A query may be a whole host name, IP or discovered id: the API's index finds its tasks at once, even those
  // whose attributes the overview has not read yet. Asked again at each refresh; a failure leaves the rest of
  // the search as it was.
  const query = filters.query.trim();
  useEffect(() => {
    if (!query) return;
    let current = true;
    const timer = setTimeout(() => {
      fetchSearch(query).then(
        (result) => current && setFound({ query, keys: new Set(result.tasks.map(taskKey)) }),
        () => undefined,
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, lastRead]);
  const foundKeys = found?.query === query ? found.keys : undefined;

  // The view in the address bar, replaced rather than pushed: Back leaves the dashboard, as a person expects.
  useEffect(() => {
    const search = writeViewState({ filters, open });
    if (search !== location.search) replaceAddress(search);
  }, [filters, open]);

  // The open task's history: read when it opens, again when the task has reported since, and at the next
  // refresh after a failed read.
  const openTask = findTask(overview, open);
  const openUpdatedAt = openTask?.updatedAt;
  const historyRef = useRef<OpenHistory | undefined>(undefined);
  const showHistory = useCallback((next: OpenHistory | undefined) => {
    historyRef.current = next;
    setHistory(next);
  }, []);
  useEffect(() => {
    if (!open) {
      showHistory(undefined);
      return;
    }
    const key = taskKey(open);
    const known = historyRef.current?.key === key ? historyRef.current : undefined;
    if (known && known.readFor === openUpdatedAt && !known.error) return;
    let current = true;
    fetchHistory(open.stream, open.task).then(
      (data) => current && showHistory({ key, readFor: openUpdatedAt, data }),
      (failure: unknown) =>
        current &&
        showHistory({
          key,
          readFor: openUpdatedAt,
          error: failure instanceof Error ? failure.message : String(failure),
          // What was shown stays shown under the error.
          ...(known?.data && { data: known.data }),
        }),
    );
    return () => {
      current = false;
    };
  }, [open, openUpdatedAt, lastRead, showHistory]);

  const toggle = useCallback((task: TaskView) => {
    setOpen((current) =>
      current && current.stream === task.stream && current.task === task.name
        ? undefined
        : { stream: task.stream, task: task.name },
    );
  }, []);

  // Keyboard: `/` searches, Escape closes the timeline, arrows move between tasks.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : undefined;
      const typing = target ? target.closest('input, select, textarea') !== null : false;
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === 'Escape' && open && !typing) {
        setOpen(undefined);
        focusTask(open);
      } else if (
        (event.key === 'ArrowDown' || event.key === 'ArrowUp') &&
        target instanceof HTMLButtonElement &&
        target.dataset.taskKey
      ) {
        const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-task-key]')];
        const next = buttons[buttons.indexOf(target) + (event.key === 'ArrowDown' ? 1 : -1)];
        if (next) {
          event.preventDefault();
          next.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const visible = useMemo(
    () =>
      (overview?.streams ?? [])
        .filter((stream) => !filters.stream || stream.name === filters.stream)
        .map((stream) => ({
          stream,
          tasks: stream.tasks.filter((task) => matches(task, filters, foundKeys)),
        })),
    [overview, filters, foundKeys],
  );
  const shown = visible.reduce((sum, { tasks }) => sum + tasks.length, 0);
  // Under these filters a stream without matching tasks is left out; a stream filter alone shows it, empty.
  const filtering = filters.status !== '' || filters.staleOnly || filters.query.trim() !== '';
  const sections = visible.filter(({ tasks }) => tasks.length > 0 || !filtering);
  const openKey = open && taskKey(open);

  useEffect(() => {
    const stale = overview?.counts.stale ?? 0;
    document.title = stale > 0 ? `(${stale} stale) Migration Hub` : 'Migration Hub';
  }, [overview]);

  return (
    <>
      <a class="skip-link" href="#streams">
        Skip to the tasks
      </a>
      <header class="page-header">
        <div>
          <h1>Migration Hub</h1>
          {overview && <p class="source">Reading {overview.source}</p>}
        </div>
        <div class="refresh">
          <p class="refresh-status">
            {lastRead !== undefined ? `Updated ${ago(lastRead, now)}` : error ? 'Not read yet' : 'Reading…'}
            <span class="muted"> · every {REFRESH_MS / 1000} s</span>
          </p>
          <button type="button" onClick={() => void refresh()} disabled={refreshing}>
            Refresh now
          </button>
        </div>
      </header>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
          {lastRead !== undefined && ` Showing what was read ${ago(lastRead, now)}.`}
        </p>
      )}
      {overview && (
        <main>
          {overview.applications.length > 0 && (
            <ApplicationSection applications={overview.applications} now={now} />
          )}
          <Summary counts={overview.counts} filters={filters} onFilters={setFilters} />
          <FilterBar
            filters={filters}
            streams={overview.streams.map((s) => s.name)}
            shown={shown}
            total={overview.counts.total}
            searchRef={searchRef}
            onFilters={setFilters}
          />
          {overview.resourcesPending > 0 && filters.query.trim() !== '' && (
            <p class="banner">
              The resource names of {overview.resourcesPending} tasks are still being read: a whole host name,
              IP or discovered id finds them already, part of one only in a few more refreshes.
            </p>
          )}
          <div id="streams" tabIndex={-1}>
            {overview.streams.length === 0 ? (
              <div class="empty empty-page">
                <h2>No progress update streams yet</h2>
                <p>
                  Streams and tasks appear here as soon as a migration tool creates them, for example:
                  <code>aws mgh create-progress-update-stream --progress-update-stream-name MyTool</code>
                </p>
              </div>
            ) : sections.length === 0 ? (
              <p class="empty empty-page">No task matches these filters.</p>
            ) : (
              sections.map(({ stream, tasks }) => (
                <StreamSection
                  key={stream.name}
                  stream={stream}
                  tasks={tasks}
                  index={overview.streams.indexOf(stream)}
                  now={now}
                  open={open}
                  history={history && history.key === openKey ? history : {}}
                  onToggle={toggle}
                />
              ))
            )}
          </div>
        </main>
      )}
    </>
  );
}

function replaceAddress(search: string): void {
  window.history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
}
