/**
 * The connectors' two ways in, as the Lambda and the local endpoint both run them: a poll of every item each
 * service holds (the reconciling pass, which fills progress between events and heals missed ones), and an
 * EventBridge event from a service (a hint: the item it names is described again and written at once).
 *
 * One item's failure never stops the others; a run that could not read a service, or write an item, fails as a
 * whole at its end (the Lambda's Errors alarm), after everything else was written.
 */
import { type Clock, nowSeconds, systemClock } from '../clock';
import { describeError, type Logger } from '../observability/logger';
import { CONNECTOR_EVENTS } from './catalog';
import { HubCallError } from './hub-client';
import type { HubWriter, WriteOutcome } from './hub-writer';
import type { ConnectorName, ConnectorSource, Observation, ServiceEvent } from './observation';

/** Items written at once: enough to keep a poll of thousands of items well inside a Lambda's minutes. */
const CONCURRENCY = 8;

export interface ConnectorReport {
  readonly connector: ConnectorName;
  readonly observed: number;
  readonly written: number;
  readonly unchanged: number;
  readonly older: number;
  readonly failed: number;
  /** Why the service could not be read, when it could not. */
  readonly error?: string;
}

export interface Connector {
  readonly source: ConnectorSource;
  readonly writer: HubWriter;
}

export class ConnectorRunError extends Error {
  override readonly name = 'ConnectorRunError';
  constructor(readonly reports: readonly ConnectorReport[]) {
    super(
      `connectors failed: ${reports
        .filter((report) => report.error || report.failed > 0)
        .map((report) => `${report.connector} (${report.error ?? `${report.failed} items not written`})`)
        .join(', ')}`,
    );
  }
}

export class Connectors {
  private readonly clock: Clock;

  constructor(
    private readonly connectors: readonly Connector[],
    private readonly logger: Logger,
    /** How often `poll` is run: the writers tie NextUpdateSeconds to it. */
    readonly pollSeconds: number,
    clock: Clock = systemClock,
  ) {
    this.clock = clock;
  }

  /** Reads every item of every service and writes what changed; rejects with ConnectorRunError if any failed. */
  async poll(): Promise<ConnectorReport[]> {
    const reports: ConnectorReport[] = [];
    for (const connector of this.connectors) {
      const now = nowSeconds(this.clock);
      reports.push(await this.run(connector, connector.source.observeAll(now)));
    }
    return this.finish('connector poll', reports);
  }

  /** Writes the items a service event names; an event from no enabled connector is logged and ignored. */
  async handleEvent(event: ServiceEvent): Promise<ConnectorReport[]> {
    const connector = this.connectors.find(
      ({ source }) => CONNECTOR_EVENTS[source.name].source === event.source,
    );
    if (!connector) {
      this.logger.info('event from no enabled connector: ignored', {
        source: event.source,
        detailType: event['detail-type'],
      });
      return [];
    }
    const now = nowSeconds(this.clock);
    const observations = (async function* () {
      yield* await connector.source.observeEvent(event, now);
    })();
    return this.finish('connector event', [await this.run(connector, observations)]);
  }

  private async run(
    { source, writer }: Connector,
    observations: AsyncIterable<Observation>,
  ): Promise<ConnectorReport> {
    const counts: Record<WriteOutcome | 'failed', number> = { written: 0, unchanged: 0, older: 0, failed: 0 };
    let observed = 0;
    let error: string | undefined;
    const inFlight = new Set<Promise<void>>();
    const write = async (observation: Observation) => {
      try {
        counts[await writer.apply(observation, nowSeconds(this.clock))] += 1;
      } catch (cause) {
        counts.failed += 1;
        this.logger.error('connector could not write an item', {
          connector: source.name,
          task: observation.key,
          retryable: cause instanceof HubCallError ? cause.retryable : true,
          ...describeError(cause),
        });
      }
    };
    try {
      for await (const observation of observations) {
        observed += 1;
        const pending = write(observation).finally(() => inFlight.delete(pending));
        inFlight.add(pending);
        if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
      }
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      this.logger.error('connector could not read its service', {
        connector: source.name,
        ...describeError(cause),
      });
    }
    await Promise.all(inFlight);
    return { connector: source.name, observed, ...counts, ...(error && { error }) };
  }

  private finish(what: string, reports: ConnectorReport[]): ConnectorReport[] {
    for (const report of reports) this.logger.info(`${what} done`, { ...report });
    if (reports.some((report) => report.error || report.failed > 0)) throw new ConnectorRunError(reports);
    return reports;
  }
}
