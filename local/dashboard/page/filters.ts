/**
 * What the person is looking at: filters and the open timeline. Kept in the address bar, so a reload, a
 * bookmark or a link to a colleague opens the same view.
 */
import { STATUSES, type StatusKey, type TaskView } from '../contract';

const STATUS_KEYS: readonly StatusKey[] = [...STATUSES, 'NOT_REPORTED'];

export interface Filters {
  readonly stream: string;
  readonly status: StatusKey | '';
  readonly staleOnly: boolean;
  readonly query: string;
}

export interface TaskRef {
  readonly stream: string;
  readonly task: string;
}

export interface ViewState {
  readonly filters: Filters;
  readonly open: TaskRef | undefined;
}

export const NO_FILTERS: Filters = { stream: '', status: '', staleOnly: false, query: '' };

/** A status filter from text (the address bar, a select); anything else means no status filter. */
export function parseStatus(value: string): StatusKey | '' {
  return STATUS_KEYS.find((key) => key === value) ?? '';
}

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const openStream = params.get('openStream');
  const openTask = params.get('openTask');
  return {
    filters: {
      stream: params.get('stream') ?? '',
      status: parseStatus(params.get('status') ?? ''),
      staleOnly: params.get('stale') === '1',
      query: params.get('q') ?? '',
    },
    open: openStream && openTask ? { stream: openStream, task: openTask } : undefined,
  };
}

export function writeViewState({ filters, open }: ViewState): string {
  const params = new URLSearchParams();
  if (filters.stream) params.set('stream', filters.stream);
  if (filters.status) params.set('status', filters.status);
  if (filters.staleOnly) params.set('stale', '1');
  if (filters.query) params.set('q', filters.query);
  if (open) {
    params.set('openStream', open.stream);
    params.set('openTask', open.task);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function isFiltered(filters: Filters): boolean {
  return filters.stream !== '' || filters.status !== '' || filters.staleOnly || filters.query.trim() !== '';
}

/**
 * The search matches part of the task's name or of any of its resource attributes' values, in any case, or the
 * task is among those the API found by the whole query (`found`, by taskKey: an attribute value or a
 * discovered id, whether or not the task's attributes have been read yet).
 */
export function matches(task: TaskView, filters: Filters, found?: ReadonlySet<string>): boolean {
  if (filters.stream && task.stream !== filters.stream) return false;
  if (filters.status && (task.status ?? 'NOT_REPORTED') !== filters.status) return false;
  if (filters.staleOnly && !task.stale) return false;
  const query = filters.query.trim().toLowerCase();
  if (!query) return true;
  return (
    task.name.toLowerCase().includes(query) ||
    task.resources.some((r) => r.toLowerCase().includes(query)) ||
    found?.has(`${task.stream}|${task.name}`) === true
  );
}
