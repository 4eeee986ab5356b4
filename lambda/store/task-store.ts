/**
 * What the operations need from storage, in the API's own terms. The DynamoDB implementation is the only
 * module that knows tables, keys and expressions; operations see these types and outcomes only.
 *
 * Every name is namespaced by the caller's AWS account: two accounts each own a stream called `SMS`.
 */
import type { Task } from '../operations/shapes';

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

export interface TaskState {
  readonly stream: string;
  readonly task: string;
  /** Absent until the first notification. */
  readonly latest?: TaskUpdate;
}

export type CreateStreamOutcome = 'created' | 'exists' | 'stream-deleting';
export type ImportTaskOutcome = 'created' | 'exists' | 'stream-not-found' | 'stream-deleting';
/**
 * `applied`: the update is now the task's current state. `superseded`: a newer update (by UpdateDateTime, ties
 * broken by content digest) is already current; this one was kept in the history only.
 */
export type NotifyOutcome = 'applied' | 'superseded' | 'task-not-found' | 'stream-deleting';

export interface TaskStore {
  createStream(key: StreamKey, createdBy: string): Promise<CreateStreamOutcome>;
  importTask(key: TaskKey): Promise<ImportTaskOutcome>;
  notify(key: TaskKey, update: TaskUpdate): Promise<NotifyOutcome>;
  describeTask(key: TaskKey): Promise<TaskState | undefined>;
}
