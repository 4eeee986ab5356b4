/**
 * The dashboard's HTTP routes, for the local endpoint (beside its API) and for `npm run dashboard`:
 *
 *   GET /                              the page
 *   GET /dashboard/app.js, app.css     its script and styles
 *   GET /dashboard/api/overview        streams, tasks and counts (see contract.ts)
 *   GET /dashboard/api/history?stream=S&task=T   one task's updates
 *
 * GET and HEAD only; any other request is not the dashboard's and is left to the caller.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError, type Logger } from '../../lambda/observability/logger';
import { isLoopback } from '../config';
import type { ApiFailure } from './contract';
import type { DashboardData } from './dashboard-data';
import { MigrationHubApiError } from './migration-hub-reader';
import type { PageAssets } from './page-assets';

/** Answers the request and returns true when it is the dashboard's; returns false, untouched, otherwise. */
export type DashboardHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface DashboardHandlerOptions {
  readonly data: DashboardData;
  readonly assets: Promise<PageAssets>;
  /** The host name the server is bound to; loopback names are always accepted. */
  readonly boundHost: string;
  readonly logger: Logger;
}

// The page loads nothing from elsewhere, runs no inline script and cannot be framed.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * Whether the Host header names this server. A page on another site can make the browser send requests here
 * by pointing its own host name at 127.0.0.1 (DNS rebinding); such requests carry that other name.
 */
function hostAllowed(request: IncomingMessage, boundHost: string): boolean {
  const header = request.headers.host;
  if (!header) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname;
  } catch {
    return false;
  }
  const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  // URL host names keep IPv6 addresses in brackets; isLoopback takes them bare.
  return isLoopback(hostname.replace(/^\[(.*)\]$/, '$1')) || hostname === bound.toLowerCase();
}

export function createDashboardHandler(options: DashboardHandlerOptions): DashboardHandler {
  const { data, logger } = options;
  // Built once; a failure is logged now and answered as a 500 to every request for the page.
  options.assets.catch((error: unknown) =>
    logger.error('the dashboard page could not be built', describeError(error)),
  );

  function send(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    contentType: string,
    body: Buffer | string,
    headers: Record<string, string> = {},
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    response.writeHead(status, {
      ...PAGE_HEADERS,
      ...headers,
      'Content-Type': contentType,
      'Content-Length': bytes.length,
    });
    response.end(request.method === 'HEAD' ? undefined : bytes);
  }

  function sendJson(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    value: unknown,
  ): void {
    send(request, response, status, 'application/json; charset=utf-8', JSON.stringify(value), {
      'Cache-Control': 'no-store',
    });
  }

  function failure(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    // What the API answered (AccessDenied, expired credentials, throttling, no answer) is what the person needs.
    if (error instanceof MigrationHubApiError) {
      sendJson(request, response, 502, { error: error.message } satisfies ApiFailure);
      return;
    }
    logger.error('dashboard request failed', describeError(error));
    sendJson(request, response, 500, {
      error: "The dashboard failed to read the Migration Hub API. See the server's log.",
    } satisfies ApiFailure);
  }

  async function route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/' || path === '/dashboard/app.js' || path === '/dashboard/app.css') {
      const assets = await options.assets.catch(() => undefined);
      if (!assets) {
        send(request, response, 500, 'text/plain; charset=utf-8', 'The dashboard page could not be built.');
      } else if (path === '/') {
        send(request, response, 200, 'text/html; charset=utf-8', assets.html);
      } else if (path === '/dashboard/app.js') {
        send(request, response, 200, 'text/javascript; charset=utf-8', assets.js);
      } else {
        send(request, response, 200, 'text/css; charset=utf-8', assets.css);
      }
      return;
    }
    if (path === '/dashboard/api/overview') {
      sendJson(request, response, 200, await data.overview());
      return;
    }
    if (path === '/dashboard/api/search') {
      sendJson(request, response, 200, await data.search(url.searchParams.get('q') ?? ''));
      return;
    }
    if (path === '/dashboard/api/history') {
      const stream = url.searchParams.get('stream');
      const task = url.searchParams.get('task');
      if (!stream || !task) {
        sendJson(request, response, 400, { error: 'stream and task are required' } satisfies ApiFailure);
        return;
      }
      sendJson(request, response, 200, await data.history(stream, task));
      return;
    }
    sendJson(request, response, 404, { error: `No such dashboard resource: ${path}` } satisfies ApiFailure);
  }

  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://dashboard');
    } catch {
      return false;
    }
    if (url.pathname !== '/' && !url.pathname.startsWith('/dashboard/')) return false;
    if (!hostAllowed(request, options.boundHost)) {
      send(
        request,
        response,
        403,
        'text/plain; charset=utf-8',
        'The dashboard answers only to its own address.',
      );
      return true;
    }
    route(request, response, url).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else failure(request, response, error);
    });
    return true;
  };
}
