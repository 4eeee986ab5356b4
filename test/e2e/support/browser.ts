/**
 * Headless Chromium (Debian's package) driven by playwright-core, as the e2e tests use it, and what they keep:
 * screenshots in test-artifacts/dashboard/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually as retryAssertion } from '../../support/poll';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'dashboard');

export const LAPTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page with a fixed locale and time zone, so screenshots and times read the same on every machine. */
export async function openPage(browser: Browser, viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-GB',
    timezoneId: 'UTC',
    ...(viewport === PHONE && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
  const page = await context.newPage();
  // A missing element fails its test in seconds, with the locator named, rather than at jest's timeout.
  page.setDefaultTimeout(8_000);
  // Anything the page tries to load from elsewhere would fail offline: fail the test instead.
  await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Retries an assertion until it holds or the time is up (the page refreshes itself every few seconds). */
export function eventually(assertion: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  return retryAssertion(assertion, { timeoutMs, intervalMs: 250 });
}
