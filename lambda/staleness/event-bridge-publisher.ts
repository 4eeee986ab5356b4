/**
 * Publishes staleness events to an EventBridge bus. PutEvents can accept a request and still fail some of its
 * entries (throttling, an internal error): those entries are sent again, with backoff, and if any still fails
 * the publish rejects, so the sweep leaves its cursor where it was and the next sweep publishes them again.
 */
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { type Clock, systemClock } from '../clock';
import { retry } from '../retry';
import type { EventEntry, EventPublisher } from './events';

/** PutEvents takes at most 10 entries. */
const BATCH = 10;

export interface EventBridgePublisherOptions {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  /** Attempts at an entry that PutEvents reports failed. @default 4 */
  readonly attempts?: number;
  /** Where the waits between attempts happen. @default systemClock */
  readonly clock?: Clock;
}

export class EventBridgePublisher implements EventPublisher {
  private readonly client: EventBridgeClient;
  private readonly eventBusName: string;
  private readonly attempts: number;
  private readonly clock: Clock;

  constructor({ client, eventBusName, attempts = 4, clock = systemClock }: EventBridgePublisherOptions) {
    this.client = client;
    this.eventBusName = eventBusName;
    this.attempts = attempts;
    this.clock = clock;
  }

  async publish(entries: readonly EventEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += BATCH) {
      await this.publishBatch(entries.slice(start, start + BATCH).map((entry) => this.requestEntry(entry)));
    }
  }

  private requestEntry(entry: EventEntry): PutEventsRequestEntry {
    return { ...entry, EventBusName: this.eventBusName };
  }

  private async publishBatch(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    /** What the last attempt said: why it gave up, when it was the last. */
    let failure = '';
    await retry(
      async (attempt) => {
        const { Entries = [], FailedEntryCount = 0 } = await this.client.send(
          new PutEventsCommand({ Entries: pending }),
        );
        if (FailedEntryCount === 0) return true;
        // Result entries line up with the request's: an entry with an ErrorCode was not delivered.
        const failed = pending.filter(
          (_, index) => Entries[index]?.ErrorCode !== undefined || !Entries[index]?.EventId,
        );
        const codes = [...new Set(Entries.map((entry) => entry.ErrorCode).filter(Boolean))].join(', ');
        failure = `PutEvents failed ${failed.length} of ${pending.length} entries after ${attempt} attempts: ${codes}`;
        pending = failed;
        return false;
      },
      { attempts: this.attempts, backoffMs: (failed) => 100 * 2 ** failed, clock: this.clock },
      () => new Error(failure),
    );
  }
}
