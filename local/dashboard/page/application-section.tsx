/** The account's application states (NotifyApplicationState): each application's status and when it was set. */
import type { ApplicationView } from '../contract';
import { ago, isoTime, localTime, STATUS_LABELS } from './format';

export function ApplicationSection({
  applications,
  now,
}: {
  applications: readonly ApplicationView[];
  now: number;
}) {
  return (
    <section class="stream applications" aria-labelledby="applications-heading">
      <header class="stream-header">
        <h2 id="applications-heading">Applications</h2>
        <p class="stream-meta">
          {applications.length === 1 ? '1 application' : `${applications.length} applications`}
        </p>
      </header>
      <table class="tasks application-states">
        <thead>
          <tr>
            <th scope="col">Application</th>
            <th scope="col">Status</th>
            <th scope="col">Last update</th>
          </tr>
        </thead>
        <tbody>
          {applications.map((application) => (
            <tr key={application.id} class="application" data-application={application.id}>
              <td class="cell-name" data-label="Application">
                <span class="application-id" title={application.id}>
                  {application.id}
                </span>
              </td>
              <td class="cell-status" data-label="Status">
                <span class={`badge badge-${application.status}`}>{STATUS_LABELS[application.status]}</span>
              </td>
              <td class="cell-updated" data-label="Last update">
                <time dateTime={isoTime(application.updatedAt)} title={localTime(application.updatedAt)}>
                  {ago(application.updatedAt, now)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
