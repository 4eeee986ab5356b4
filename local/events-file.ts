/**
 * The local stand-in for an EventBridge bus: each staleness event is appended, as the PutEvents entry it would
 * be, as one JSON line to MGH_DATA_DIR/events.jsonl, and logged. Tail the file, or feed it to whatever would
 * consume the events in AWS.
 */
import { appendFile } from 'node:fs/promises';
import type { Logger } from '../lambda/observability/logger';
import type { EventEntry, EventPublisher } from '../lambda/staleness/events';

export const EVENTS_FILE = 'events.jsonl';

export class EventsFilePublisher implements EventPublisher {
  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  async publish(entries: readonly EventEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const lines = entries.map((entry) => `${JSON.stringify({ ...entry, EventBusName: 'default' })}\n`);
    // One append per publish: lines are never interleaved with another writer's.
    await appendFile(this.path, lines.join(''), 'utf8');
    for (const entry of entries) {
      this.logger.info('event', {
        detailType: entry.DetailType,
        detail: JSON.parse(entry.Detail) as unknown,
      });
    }
  }
}
