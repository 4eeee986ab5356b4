/** One stream and its tasks: a table on a wide screen, a card per task on a phone. */
import type { StreamView, TaskView } from '../contract';
import type { TaskRef } from './filters';
import { ago, formatDuration, isoTime, localTime, STATUS_LABELS } from './format';
import { type HistoryState, Timeline } from './timeline';

/** Task buttons carry `data-task-key`, by which keyboard navigation and focus find them. */
export const taskKey = (ref: TaskRef) => `${ref.stream}|${ref.task}`;

interface SectionProps {
  stream: StreamView;
  tasks: readonly TaskView[];
  index: number;
  now: number;
  open: TaskRef | undefined;
  history: HistoryState;
  onToggle: (task: TaskView) => void;
}

export function StreamSection({ stream, tasks, index, now, open, history, onToggle }: SectionProps) {
  const headingId = `stream-${index}`;
  const stale = stream.tasks.filter((task) => task.stale).length;
  return (
    <section class="stream" aria-labelledby={headingId}>
      <header class="stream-header">
        <h2 id={headingId}>{stream.name}</h2>
        <p class="stream-meta">
          {stream.tasks.length === 1 ? '1 task' : `${stream.tasks.length} tasks`}
          {stale > 0 && <span class="stream-stale"> · {stale} stale</span>}
        </p>
      </header>
      {tasks.length === 0 ? (
        <p class="empty">No task imported yet.</p>
      ) : (
        <table class="tasks">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Detail</th>
              <th scope="col">Last update</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task, row) => {
              const isOpen =
                open !== undefined && taskKey(open) === taskKey({ stream: task.stream, task: task.name });
              return (
                <TaskRow
                  key={task.name}
                  task={task}
                  now={now}
                  timelineId={`timeline-${index}-${row}`}
                  open={isOpen}
                  history={history}
                  onToggle={onToggle}
                />
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TaskRow({
  task,
  now,
  timelineId,
  open,
  history,
  onToggle,
}: {
  task: TaskView;
  now: number;
  timelineId: string;
  open: boolean;
  history: HistoryState;
  onToggle: (task: TaskView) => void;
}) {
  const status = task.status ?? 'NOT_REPORTED';
  return (
    <>
      <tr class={`task${task.stale ? ' task-stale' : ''}${open ? ' task-open' : ''}`} data-task={task.name}>
        <td class="cell-name" data-label="Task">
          <button
            type="button"
            class="task-toggle"
            aria-expanded={open}
            aria-controls={open ? timelineId : undefined}
            data-task-key={taskKey({ stream: task.stream, task: task.name })}
            onClick={() => onToggle(task)}
          >
            <span class="chevron" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <span class="task-name">{task.name}</span>
          </button>
          {task.resources.length > 0 && <span class="task-resources">{task.resources.join(' · ')}</span>}
        </td>
        <td class="cell-status" data-label="Status">
          <span class="badges">
            <span class={`badge badge-${status}`}>{STATUS_LABELS[status]}</span>
            {task.stale && (
              <span
                class="badge badge-stale"
                title={
                  task.staleSince !== undefined
                    ? `Expected an update by ${localTime(task.staleSince)}`
                    : undefined
                }
              >
                Stale
                {task.staleSince !== undefined && ` · ${formatDuration(now - task.staleSince)} overdue`}
              </span>
            )}
          </span>
        </td>
        <td class="cell-progress" data-label="Progress">
          {task.progress === undefined ? (
            <span class="muted">—</span>
          ) : (
            <div class="progress">
              <div
                class="progress-track"
                role="progressbar"
                aria-label={`Progress of ${task.name}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={task.progress}
              >
                <div class={`progress-fill fill-${status}`} style={{ width: `${task.progress}%` }} />
              </div>
              <span class="progress-text">{task.progress}%</span>
            </div>
          )}
        </td>
        <td class="cell-detail" data-label="Detail">
          {task.detail ? <span title={task.detail}>{task.detail}</span> : <span class="muted">—</span>}
        </td>
        <td class="cell-updated" data-label="Last update">
          {task.updatedAt === undefined ? (
            <span class="muted">never</span>
          ) : (
            <time dateTime={isoTime(task.updatedAt)} title={localTime(task.updatedAt)}>
              {ago(task.updatedAt, now)}
            </time>
          )}
        </td>
      </tr>
      {open && (
        <tr class="timeline-row">
          <td colSpan={5} id={timelineId}>
            <Timeline state={history} now={now} task={task.name} />
          </td>
        </tr>
      )}
    </>
  );
}
