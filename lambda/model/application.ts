/**
 * Application states: how far the migration of a whole application has come, as a migration tool reports it
 * with NotifyApplicationState. One state per application id in an account; no stream holds them. No imports,
 * so the browser bundle of the dashboard can take the statuses too.
 *
 * Ordering, as for tasks: no older notification overwrites a newer one. The later UpdateDateTime wins; at equal
 * times the further-along status wins (NOT_STARTED < IN_PROGRESS < COMPLETED), so retries and reorderings of
 * the same notifications converge to the same state. An application state says nothing but its status, so two
 * notifications with the same time and status are the same state: a retry rewrites it unchanged.
 */
export const APPLICATION_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** One application's state in force: the notification that won. */
export interface ApplicationState {
  readonly applicationId: string;
  readonly status: ApplicationStatus;
  /** Epoch seconds: the notification's UpdateDateTime, or when it was received if it had none. */
  readonly updateDateTime: number;
}

/** How far along a status is, for ties. Stored with each state for the store's condition: these never change. */
export const APPLICATION_STATUS_RANK: Readonly<Record<ApplicationStatus, number>> = {
  NOT_STARTED: 0,
  IN_PROGRESS: 1,
  COMPLETED: 2,
};

/** True when `candidate` would replace `current`: later, or as late and not behind on the status's rank. */
export function applicationSupersedes(
  candidate: ApplicationState,
  current: ApplicationState | undefined,
): boolean {
  if (current === undefined) return true;
  if (candidate.updateDateTime !== current.updateDateTime) {
    return candidate.updateDateTime > current.updateDateTime;
  }
  return APPLICATION_STATUS_RANK[current.status] <= APPLICATION_STATUS_RANK[candidate.status];
}
