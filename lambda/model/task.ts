/**
 * The domain's nouns, in the API's own terms. Three things are called "task" around here; the names keep them
 * apart: a task's name (`TaskKey.task`), its reported status (`Task`, the API's member of that name) and one
 * accepted report of it (`TaskUpdate`).
 *
 * Every name is namespaced by the caller's AWS account: two accounts each own a stream called `SMS`.
 * Times are epoch seconds, as the API gives them, unless a name ends in `Ms`.
 */
import type { MigrationStatus } from './status';

/** The API's `Task` member: what a migration tool reports about a task. */
export interface Task {
  readonly Status: MigrationStatus;
  readonly StatusDetail?: string;
  readonly ProgressPercent?: number;
}

export interface StreamKey {
  readonly accountId: string;
  readonly stream: string;
}

export interface TaskKey extends StreamKey {
  readonly task: string;
}

/** One NotifyMigrationTaskState call, as validated. */
export interface TaskUpdate {
  readonly task: Task;
  /** Epoch seconds, as the client sent it. */
  readonly updateDateTime: number;
  readonly nextUpdateSeconds: number;
}

export interface ResourceAttribute {
  readonly Type: string;
  readonly Value: string;
}

export interface CreatedArtifact {
  readonly Name: string;
  readonly Description?: string;
}
