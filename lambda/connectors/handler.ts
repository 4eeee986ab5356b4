/**
 * The connector Lambda: run by the schedule (poll every enabled service) and by the services' EventBridge
 * events (write the item an event names). It reports through the API handler in-process, composed as the API
 * Lambda composes it, on the same table and settings. A run that failed throws, for the Errors alarm and, for
 * an event, Lambda's own retries.
 */
import { composeApiHandler } from '../api/compose';
import { readApiEnvironment } from '../api/environment';
import { powertoolsLogger } from '../observability/powertools';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { createConnectors } from './create-connectors';
import { CONNECTOR_POLICY } from './hub-client';
import type { ServiceEvent } from './observation';
import { DEFAULT_POLL_MINUTES, parseConnectorNames, parsePollSeconds } from './settings';

const environment = readApiEnvironment();
const logger = powertoolsLogger();
// Created once per container; a container whose region cannot be resolved fails every invocation, saying why.
const connectors = createConnectors({
  names: parseConnectorNames(process.env.MGH_CONNECTORS),
  pollSeconds: parsePollSeconds(process.env.MGH_CONNECTOR_POLL_SECONDS, DEFAULT_POLL_MINUTES * 60),
  api: composeApiHandler(environment, { client: createDynamoDbClient(), policy: CONNECTOR_POLICY, logger }),
  logger,
});

/** The schedule's event: `aws.events`, "Scheduled Event". */
function isSchedule(event: ServiceEvent): boolean {
  return event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

export async function handler(event: ServiceEvent) {
  const ready = await connectors;
  return isSchedule(event) ? ready.poll() : ready.handleEvent(event);
}
