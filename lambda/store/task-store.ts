/**
 * What the operations need from storage, in the API's own terms. The DynamoDB implementation is the only
 * module that knows tables, keys and expressions; operations see these types and outcomes only. The nouns
 * (keys, updates, attributes, artifacts) are the domain's, in lambda/model/.
 */
import type { DiscoveredResource, SourceResource } from '../model/resources';
import type { CreatedArtifact, ResourceAttribute, StreamKey, TaskKey, TaskUpdate } from '../model/task';

export interface TaskState {
  readonly stream: string;
  readonly task: string;
  /** Absent until the first notification. */
  readonly latest?: TaskUpdate;
  /** As last put by PutResourceAttributes; empty until then. */
  readonly resourceAttributes: readonly ResourceAttribute[];
}

/**
 * A cursor: where a listing stopped, as the store that issued it can read it again. Opaque to everyone else:
 * NextToken carries it; nothing but the store builds one or looks inside.
 */
export type Cursor = string;

/** One page of a listing, and the cursor the next one starts after (absent on the last page). */
export interface Page<Item> {
  readonly items: readonly Item[];
  readonly next?: Cursor;
}

/** A listing was given a cursor that its store did not issue (or not for this listing). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('not a cursor this listing issued');
  }
}

export interface ListTasksOptions {
  readonly after?: Cursor;
  /**
   * Only tasks with a resource attribute of this value (VM-scoped ones only beside VM_MANAGER_ID: see
   * matchableValues in lambda/model/resources.ts) or a discovered resource of this ConfigurationId, in an order
   * of the store's own (the search index's: docs/decisions/014-resource-search-index.md), not by name.
   */
  readonly resourceName?: string;
  /** Only streams the caller may read. */
  readonly streamFilter: (stream: string) => boolean;
}

export type CreateStreamOutcome = 'created' | 'exists' | 'stream-deleting';
export type ImportTaskOutcome = 'created' | 'exists' | 'stream-not-found' | 'stream-deleting';
/**
 * `applied`: the update is now the task's current state. `superseded`: a newer update (by UpdateDateTime, ties
 * broken by content digest) is already current; this one was kept in the history only.
 */
export type NotifyOutcome = 'applied' | 'superseded' | 'task-not-found' | 'stream-deleting';
export type TaskWriteOutcome = 'applied' | 'task-not-found' | 'stream-deleting';
export type DisassociateOutcome = TaskWriteOutcome | 'artifact-not-found';
export type DeleteStreamOutcome = 'deleting' | 'stream-not-found';
/** `too-many`: the task has MAX_DISCOVERED_RESOURCES_PER_TASK others already; nothing was written. */
export type AssociateDiscoveredOutcome = TaskWriteOutcome | 'too-many';
/** `not-associated`: the task has no resource of that id or name. */
export type DisassociateResourceOutcome = TaskWriteOutcome | 'not-associated';

export interface TaskStore {
  createStream(key: StreamKey, createdBy: string): Promise<CreateStreamOutcome>;
  importTask(key: TaskKey): Promise<ImportTaskOutcome>;
  notify(key: TaskKey, update: TaskUpdate): Promise<NotifyOutcome>;
  describeTask(key: TaskKey): Promise<TaskState | undefined>;
  /** Replaces the task's resource attributes. */
  putResourceAttributes(key: TaskKey, attributes: readonly ResourceAttribute[]): Promise<TaskWriteOutcome>;
  /*
   * Listings: each takes the cursor of the page before (`after`) and throws InvalidCursorError, before it
   * reads anything, for a cursor it did not issue.
   */
  /** The account's streams in name order, those being deleted left out. */
  listStreams(accountId: string, limit: number, after?: Cursor): Promise<Page<string>>;
  /** The account's tasks, stream by stream in name order. */
  listTasks(accountId: string, limit: number, options: ListTasksOptions): Promise<Page<TaskState>>;
  /** A task's accepted updates, oldest first; undefined when there is no such task. */
  listUpdates(key: TaskKey, limit: number, after?: Cursor): Promise<Page<TaskUpdate> | undefined>;
  /** Links an artifact to a task; associating the same name again replaces its description. */
  associateArtifact(key: TaskKey, artifact: CreatedArtifact): Promise<TaskWriteOutcome>;
  disassociateArtifact(key: TaskKey, name: string): Promise<DisassociateOutcome>;
  /** A task's artifacts; undefined when there is no such task. */
  listArtifacts(key: TaskKey, limit: number, after?: Cursor): Promise<Page<CreatedArtifact> | undefined>;
  /**
   * Links a discovered resource to a task, so that ListMigrationTasks' ResourceName finds the task by its
   * ConfigurationId; associating the same id again replaces its description.
   */
  associateDiscoveredResource(
    key: TaskKey,
    resource: DiscoveredResource,
  ): Promise<AssociateDiscoveredOutcome>;
  /** Unlinks it: no longer listed, no longer found by ResourceName. */
  disassociateDiscoveredResource(key: TaskKey, configurationId: string): Promise<DisassociateResourceOutcome>;
  /** A task's discovered resources; undefined when there is no such task. */
  listDiscoveredResources(
    key: TaskKey,
    limit: number,
    after?: Cursor,
  ): Promise<Page<DiscoveredResource> | undefined>;
  /** Links a source resource to a task; associating the same name again replaces it. */
  associateSourceResource(key: TaskKey, resource: SourceResource): Promise<TaskWriteOutcome>;
  disassociateSourceResource(key: TaskKey, name: string): Promise<DisassociateResourceOutcome>;
  /** A task's source resources; undefined when there is no such task. */
  listSourceResources(key: TaskKey, limit: number, after?: Cursor): Promise<Page<SourceResource> | undefined>;
  /**
   * Starts deleting a stream: from now on every write to it is refused, and the background deletion
   * (StreamDeletion) removes its tasks, history, artifacts, discovered and source resources, then the stream.
   */
  beginStreamDeletion(key: StreamKey): Promise<DeleteStreamOutcome>;
}
