/** One task's updates as a timeline, newest first, with its resource attributes, discovered and source resources. */
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
      {data.discovered.length > 0 && (
        <section class="associations" aria-label="Discovered resources">
          <h3 class="associations-title">Discovered resources</h3>
          <ul class="discovered">
            {data.discovered.map((resource) => (
              <li key={resource.id}>
                <code class="association-name">{resource.id}</code>
                {resource.description && <span class="association-detail">{resource.description}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.sources.length > 0 && (
        <section class="associations" aria-label="Source resources">
          <h3 class="associations-title">Source resources</h3>
          <ul class="sources">
            {data.sources.map((resource) => (
              <li key={resource.name}>
                <span class="association-name">{resource.name}</span>
                {resource.description && <span class="association-detail">{resource.description}</span>}
                {resource.statusDetail && <span class="association-status">{resource.statusDetail}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.resourcesTruncated && (
        <p class="timeline-message">
          More resources are associated than the dashboard reads; the first are shown.
        </p>
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
