/** Search, and filters by stream, status and staleness. */
import type { RefObject } from 'preact';
import { STATUSES } from '../contract';
import { type Filters, isFiltered, NO_FILTERS, parseStatus } from './filters';
import { STATUS_LABELS } from './format';

export function FilterBar({
  filters,
  streams,
  shown,
  total,
  searchRef,
  onFilters,
}: {
  filters: Filters;
  streams: readonly string[];
  shown: number;
  total: number;
  searchRef: RefObject<HTMLInputElement | null>;
  onFilters: (filters: Filters) => void;
}) {
  return (
    <search class="filters" aria-label="Filter tasks">
      <div class="field field-search">
        <label for="filter-search">Search</label>
        <input
          id="filter-search"
          ref={searchRef}
          type="search"
          placeholder="Task or resource name  ( / )"
          value={filters.query}
          onInput={(event) => onFilters({ ...filters, query: event.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for="filter-stream">Stream</label>
        <select
          id="filter-stream"
          value={filters.stream}
          onChange={(event) => onFilters({ ...filters, stream: event.currentTarget.value })}
        >
          <option value="">All streams</option>
          {streams.map((stream) => (
            <option key={stream} value={stream}>
              {stream}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-status">Status</label>
        <select
          id="filter-status"
          value={filters.status}
          onChange={(event) => onFilters({ ...filters, status: parseStatus(event.currentTarget.value) })}
        >
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
          <option value="NOT_REPORTED">{STATUS_LABELS.NOT_REPORTED}</option>
        </select>
      </div>
      <label class="field field-check">
        <input
          type="checkbox"
          checked={filters.staleOnly}
          onChange={(event) => onFilters({ ...filters, staleOnly: event.currentTarget.checked })}
        />
        <span>Stale only</span>
      </label>
      <p class="shown" aria-live="polite">
        {shown === total ? `${total} tasks` : `${shown} of ${total} tasks`}
      </p>
      {isFiltered(filters) && (
        <button type="button" class="link-button" onClick={() => onFilters(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </search>
  );
}
