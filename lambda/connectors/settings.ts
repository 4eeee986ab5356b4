/**
 * Which connectors run and how often they poll: MGH_CONNECTORS (`mgn`, `dms`, or `mgn,dms`) and
 * MGH_CONNECTOR_POLL_SECONDS, the same names in the connector Lambda (set by `-c connectors` and
 * `-c connectorPollMinutes`) and for the local endpoint.
 */
import { CONNECTOR_NAMES, type ConnectorName } from './observation';

/** Deployed, `-c connectorPollMinutes` defaults to 5; locally, a minute. */
export const DEFAULT_POLL_MINUTES = 5;
export const DEFAULT_LOCAL_POLL_SECONDS = 60;

/** `mgn,dms` → ['mgn', 'dms']; empty or unset: none. Throws naming the setting for an unknown name. */
export function parseConnectorNames(raw: string | undefined, setting = 'MGH_CONNECTORS'): ConnectorName[] {
  const names = (raw ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!(CONNECTOR_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `Invalid setting: ${setting} names '${name}'; the connectors are ${CONNECTOR_NAMES.join(', ')} (comma-separated)`,
      );
    }
  }
  return [...new Set(names as ConnectorName[])];
}

/** MGH_CONNECTOR_POLL_SECONDS: a whole number of seconds from 1 to a day. */
export function parsePollSeconds(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 86_400) {
    throw new Error(
      `Invalid setting: MGH_CONNECTOR_POLL_SECONDS must be a whole number of seconds from 1 to 86400, not '${raw}'`,
    );
  }
  return value;
}
