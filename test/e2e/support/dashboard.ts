/**
 * The set-up the dashboard's browser tests share: a local endpoint of their own serving the dashboard beside its
 * API (as `npm start` serves it), a client of that API, and headless Chromium.
 */
import type { MigrationHubClient } from '@aws-sdk/client-migration-hub';
import type { Browser, Page } from 'playwright-core';
import { localDashboard } from '../../../local/dashboard/local-dashboard';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from '../../integration/support/endpoint';
import { LAPTOP, launchChromium, openPage } from './browser';

export interface DashboardUnderTest {
  readonly endpoint: TestEndpoint;
  readonly client: MigrationHubClient;
  readonly browser: Browser;
  /** The page at `search` (`?stream=DMS`), loaded once it shows the migration's counts. */
  load(viewport?: typeof LAPTOP, search?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startDashboard(): Promise<DashboardUnderTest> {
  const endpoint = await startTestEndpoint({
    pages: localDashboard({
      principals: new Map([[PRINCIPALS.tool.accessKeyId, PRINCIPALS.tool]]),
      homeRegion: 'us-east-1',
      logger: {
        info: () => undefined,
        warn: (message, fields) => console.error(message, fields),
        error: (message, fields) => console.error(message, fields),
      },
    }),
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await endpoint.close();
    throw error;
  }
  return {
    endpoint,
    client: endpoint.client(),
    browser,
    async load(viewport = LAPTOP, search = '') {
      const page = await openPage(browser, viewport);
      await page.goto(`${endpoint.url}/${search}`);
      await page.locator('[data-count="total"]').waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await endpoint.close();
    },
  };
}
