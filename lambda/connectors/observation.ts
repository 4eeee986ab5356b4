/**
 * What a connector saw of one migrated item (an MGN source server, a DMS replication task), in the hub's own
 * terms: the task it is, the state to report and what it is linked to. A connector's source (`mgn/`, `dms/`)
 * turns the service's describe answers into observations; the hub writer (`hub-writer.ts`) turns them into the
 * same operations a migration tool calls, so ordering, history, staleness and events behave as for any tool.
 */
import type { SourceResource } from '../model/resources';
import type { CreatedArtifact, ResourceAttribute, Task, TaskKey } from '../model/task';
import type { Logger } from '../observability/logger';

export interface Observation {
  /** The account that owns the migrated item (the account in the service's ARN for it), its stream and task. */
  readonly key: TaskKey;
  /** The task's state as the service reports it. */
  readonly task: Task;
  /**
   * The service says the item has stopped progressing (MGN: data replication STALLED). The writer reports it
   * due at once, so it shows as stale (and the sweeper's event fires) until the service reports progress again.
   */
  readonly stalled: boolean;
  /** When the service's figures were read: the UpdateDateTime reported (epoch seconds). */
  readonly observedAtSeconds: number;
  /**
   * What identifies the source (host name, addresses, VM id...), written with PutResourceAttributes' replace
   * semantics. Empty: nothing is known, and nothing is written.
   */
  readonly resourceAttributes: readonly ResourceAttribute[];
  /** What the migration created (the launched instance, the target endpoint), by ARN. */
  readonly createdArtifacts: readonly CreatedArtifact[];
  /** What the item belongs to (an MGN application or wave). */
  readonly sourceResources: readonly SourceResource[];
}

/**
 * One service's side of a connector: how to read every item it migrates, and which items an EventBridge event
 * from it names. Events are only hints: the item they name is described again, so a late or repeated event can
 * never report an older state than the service's current one.
 */
export interface ConnectorSource {
  /** `mgn` or `dms`: the name `-c connectors` and MGH_CONNECTORS use. */
  readonly name: ConnectorName;
  /** Every item the service holds in this account and region, described now. Pages through them all. */
  observeAll(nowSeconds: number): AsyncIterable<Observation>;
  /**
   * The items an EventBridge event from this service names, described now; empty for an event about nothing
   * this connector tracks (it is logged and ignored).
   */
  observeEvent(event: ServiceEvent, nowSeconds: number): Promise<readonly Observation[]>;
}

/** What a source logs: what it ignored (info) and what it could not map (warn). */
export type SourceLogger = Pick<Logger, 'info' | 'warn'>;

export const CONNECTOR_NAMES = ['mgn', 'dms'] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

/** The EventBridge envelope of a service event, as a rule delivers it to its target. */
export interface ServiceEvent {
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly region: string;
  readonly time: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}
