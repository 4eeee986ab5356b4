/**
 * The dashboard as `npm start` serves it, beside the API: it reads that same API over loopback, signed as the
 * first configured principal (the example principal by default), exactly as a client would.
 */
import type { Logger } from '../../lambda/observability/logger';
import type { Principal } from '../credentials';
import { DashboardData } from './dashboard-data';
import { createDashboardHandler, type DashboardHandler } from './dashboard-handler';
import { MigrationHubReader } from './migration-hub-reader';
import { buildPageAssets } from './page-assets';

export interface LocalDashboardOptions {
  readonly principals: ReadonlyMap<string, Principal>;
  readonly homeRegion: string | undefined;
  readonly logger: Logger;
}

/** Given the endpoint's URL once it is bound, the handler for its dashboard routes. */
export function localDashboard(options: LocalDashboardOptions): (endpointUrl: string) => DashboardHandler {
  const [principal] = options.principals.values();
  if (!principal) throw new Error('the local endpoint has no principal to read the dashboard as');
  const region = options.homeRegion ?? 'us-east-1';
  return (endpointUrl) => {
    const bound = new URL(endpointUrl);
    // A server bound to every address is reached over loopback.
    const api = new URL(endpointUrl);
    if (api.hostname === '0.0.0.0') api.hostname = '127.0.0.1';
    if (api.hostname === '[::]') api.hostname = '[::1]';
    const reader = new MigrationHubReader({
      endpoint: api.toString(),
      region,
      signingName: 'mgh',
      credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
    });
    return createDashboardHandler({
      data: new DashboardData(reader, `${endpointUrl} (${region}, as ${principal.arn})`),
      assets: buildPageAssets(),
      boundHost: bound.hostname,
      logger: options.logger,
    });
  };
}
