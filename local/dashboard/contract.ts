/**
 * The JSON the dashboard's backend serves its page: an internal contract between local/dashboard/ and
 * local/dashboard/page/, free to change with both. Times are epoch seconds, as the API gives them.
 */

import type { ApplicationStatus } from '../../lambda/model/application';
import { MIGRATION_STATUSES, type MigrationStatus } from '../../lambda/model/status';

export const STATUSES = MIGRATION_STATUSES;
export type TaskStatus = MigrationStatus;
/** A task imported but never notified has no status yet. */
export type StatusKey = TaskStatus | 'NOT_REPORTED';

export interface TaskView {
  readonly stream: string;
  readonly name: string;
  readonly status?: TaskStatus;
  readonly progress?: number;
  readonly detail?: string;
  readonly updatedAt?: number;
  readonly stale: boolean;
  /** The missed deadline, while stale. */
  readonly staleSince?: number;
  /** The values of the task's resource attributes (host names, IPs, VM ids), for search. */
  readonly resources: readonly string[];
}

export interface StreamView {
  readonly name: string;
  /** In task-name order. */
  readonly tasks: readonly TaskView[];
}

/** An application's migration state (NotifyApplicationState), account-wide: no stream holds it. */
export interface ApplicationView {
  readonly id: string;
  readonly status: ApplicationStatus;
  readonly updatedAt: number;
}

export interface Overview {
  /** When the backend read this, by its clock. */
  readonly generatedAt: number;
  /** Which API this is read from, e.g. `http://127.0.0.1:6440 (us-east-1)`. */
  readonly source: string;
  /** In stream-name order. */
  readonly streams: readonly StreamView[];
  readonly counts: Readonly<Record<StatusKey, number>> & { readonly total: number; readonly stale: number };
  /** Tasks whose resource attributes have not been read yet: a search may still miss them. */
  readonly resourcesPending: number;
  /** The account's application states, in id order. */
  readonly applications: readonly ApplicationView[];
}

export interface HistoryEntry {
  readonly at: number;
  readonly status: TaskStatus;
  readonly detail?: string;
  readonly progress?: number;
}

export interface History {
  readonly stream: string;
  readonly task: string;
  /** Oldest first, as the API lists them. */
  readonly updates: readonly HistoryEntry[];
  /** More updates exist than were read (the newest are missing). */
  readonly truncated: boolean;
  readonly resources: readonly { readonly type: string; readonly value: string }[];
  /** Its discovered resources (AssociateDiscoveredResource), in the API's order. */
  readonly discovered: readonly { readonly id: string; readonly description?: string }[];
  /** Its source resources (AssociateSourceResource): servers, applications, waves. */
  readonly sources: readonly {
    readonly name: string;
    readonly description?: string;
    readonly statusDetail?: string;
  }[];
  /** More discovered or source resources exist than were read. */
  readonly resourcesTruncated: boolean;
}

/**
 * The tasks ListMigrationTasks finds by a whole resource value (ResourceName: an attribute value or a discovered
 * id), from the API's search index: found at once however many tasks the account has.
 */
export interface SearchResult {
  readonly query: string;
  readonly tasks: readonly { readonly stream: string; readonly task: string }[];
}

/** What an /dashboard/api/ route answers when it fails. */
export interface ApiFailure {
  readonly error: string;
}
