/**
 * The events staleness publishes, in the shape EventBridge's PutEvents takes, and what publishes them.
 * Each detail carries an `eventId` derived from the transition itself: a sweep that publishes a transition
 * again (after a crash, or beside an overlapping sweep) sends the same id, so consumers can de-duplicate.
 */
import { createHash } from 'node:crypto';
import type { CurrentUpdate, StaleMarker } from '../model/staleness';
import type { TaskKey } from '../model/task';

export const EVENT_SOURCE = 'migration-hub';
export const STALE_DETAIL_TYPE = 'Migration Task Stale';
export const RECOVERED_DETAIL_TYPE = 'Migration Task Recovered';

/** A PutEvents request entry (EventBusName is the publisher's to add). */
export interface EventEntry {
  readonly Source: string;
  readonly DetailType: string;
  /** JSON text, as PutEvents takes it. */
  readonly Detail: string;
  readonly Time: Date;
}

/** Delivers entries, retrying what fails; rejects if any entry could not be delivered. */
export interface EventPublisher {
  publish(entries: readonly EventEntry[]): Promise<void>;
}

function eventId(
  kind: string,
  { accountId, stream, task }: TaskKey,
  { updateDateTime, tieBreak }: StaleMarker,
) {
  const canonical = JSON.stringify([kind, accountId, stream, task, updateDateTime, tieBreak]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

function taskDetail({ accountId, stream, task }: TaskKey) {
  return { accountId, progressUpdateStream: stream, migrationTaskName: task };
}

/** The task's update `marker.updateDateTime` passed its deadline with no newer one. */
export function staleEvent(
  key: TaskKey,
  current: CurrentUpdate,
  marker: StaleMarker,
  nowSeconds: number,
): EventEntry {
  const { update } = current;
  const detail = {
    eventId: eventId('stale', key, marker),
    ...taskDetail(key),
    lastState: update.task,
    updateDateTime: iso(update.updateDateTime),
    nextUpdateSeconds: update.nextUpdateSeconds,
    deadline: iso(marker.deadline),
    /** How far past the deadline the sweep found it: what a person reading the notification wants first. */
    overdueSeconds: Math.max(0, Math.round(nowSeconds - marker.deadline)),
  };
  return {
    Source: EVENT_SOURCE,
    DetailType: STALE_DETAIL_TYPE,
    Detail: JSON.stringify(detail),
    Time: new Date(nowSeconds * 1000),
  };
}

/** A task published stale (`marker`) has reported again; `current` is what it reported, when known. */
export function recoveredEvent(
  key: TaskKey,
  marker: StaleMarker,
  current: CurrentUpdate | undefined,
  nowSeconds: number,
): EventEntry {
  const detail = {
    eventId: eventId('recovered', key, marker),
    ...taskDetail(key),
    staleSince: iso(marker.deadline),
    staleUpdateDateTime: iso(marker.updateDateTime),
    ...(current && { state: current.update.task, updateDateTime: iso(current.update.updateDateTime) }),
  };
  return {
    Source: EVENT_SOURCE,
    DetailType: RECOVERED_DETAIL_TYPE,
    Detail: JSON.stringify(detail),
    Time: new Date(nowSeconds * 1000),
  };
}
