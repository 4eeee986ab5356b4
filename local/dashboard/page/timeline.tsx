/** One task's updates as a timeline, newest first, and its resource attributes. */
import type { History } from '../contract';
import { ago, isoTime, localTime, STATUS_LABELS } from './format';

export interface HistoryState {
  readonly data?: History;
  readonly error?: string;
}

export function Timeline({ state, now, task }: { state: HistoryState; now: number; task: string }) {
  const { data, error } = state;
  if (error) {
    return (
      <p class="timeline-message" role="alert">
        Could not read the history of {task}: {error}
      </p>
    );
  }
  if (!data) return <p class="timeline-message">Reading the history of {task}…</p>;
  const updates = [...data.updates].reverse();
  return (
    <div class="timeline">
      {data.resources.length > 0 && (
        <dl class="resources" aria-label="Resource attributes">
          {data.resources.map((resource) => (
            <div key={`${resource.type}=${resource.value}`}>
              <dt>{resource.type}</dt>
              <dd>{resource.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3 class="timeline-title">
        {updates.length === 1 ? '1 update' : `${updates.length} updates`}, newest first
        {data.truncated && ' (the newest are not shown: the history is longer than the dashboard reads)'}
      </h3>
      {updates.length === 0 ? (
        <p class="timeline-message">No update has been reported yet.</p>
      ) : (
        <ol class="timeline-list">
          {updates.map((update, index) => (
            <li key={`${update.at}-${index}`} class={`timeline-item status-${update.status}`}>
              <time dateTime={isoTime(update.at)} title={isoTime(update.at)}>
                {localTime(update.at)} <span class="muted">({ago(update.at, now)})</span>
              </time>
              <span class={`badge badge-${update.status}`}>{STATUS_LABELS[update.status]}</span>
              {update.progress !== undefined && <span class="timeline-progress">{update.progress}%</span>}
              {update.detail && <span class="timeline-detail">{update.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
