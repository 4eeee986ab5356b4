/** The counts per status across the whole migration; each count is also a filter. */
import type { Overview, StatusKey } from '../contract';
import type { Filters } from './filters';
import { STATUS_LABELS } from './format';

const ORDER: readonly StatusKey[] = ['IN_PROGRESS', 'FAILED', 'COMPLETED', 'NOT_STARTED', 'NOT_REPORTED'];

export function Summary({
  counts,
  filters,
  onFilters,
}: {
  counts: Overview['counts'];
  filters: Filters;
  onFilters: (filters: Filters) => void;
}) {
  return (
    <ul class="summary" aria-label="Tasks per status">
      <li>
        <button
          type="button"
          class="count count-total"
          aria-pressed={filters.status === '' && !filters.staleOnly}
          onClick={() => onFilters({ ...filters, status: '', staleOnly: false })}
        >
          <span class="count-value" data-count="total">
            {counts.total}
          </span>
          <span class="count-label">All tasks</span>
        </button>
      </li>
      {ORDER.filter((status) => status !== 'NOT_REPORTED' || counts.NOT_REPORTED > 0).map((status) => (
        <li key={status}>
          <button
            type="button"
            class={`count count-${status}`}
            aria-pressed={filters.status === status}
            onClick={() => onFilters({ ...filters, status: filters.status === status ? '' : status })}
          >
            <span class="count-value" data-count={status}>
              {counts[status]}
            </span>
            <span class="count-label">{STATUS_LABELS[status]}</span>
          </button>
        </li>
      ))}
      <li>
        <button
          type="button"
          class={`count count-stale${counts.stale > 0 ? ' count-alert' : ''}`}
          aria-pressed={filters.staleOnly}
          onClick={() => onFilters({ ...filters, staleOnly: !filters.staleOnly })}
        >
          <span class="count-value" data-count="stale">
            {counts.stale}
          </span>
          <span class="count-label">Stale</span>
        </button>
      </li>
    </ul>
  );
}
