/**
 * The dashboard's application states, in headless Chromium: absent while the account has none, then each
 * application with its status and last update, in id order, and a new notification showing on the open page.
 * Its own endpoint and account data, so test/e2e/dashboard.test.ts's seeded migration reads as it did.
 */
import { NotifyApplicationStateCommand } from '@aws-sdk/client-migration-hub';
import type { Page } from 'playwright-core';
import { eventually, PHONE, screenshot } from './support/browser';
import { type DashboardUnderTest, startDashboard } from './support/dashboard';

let dashboard: DashboardUnderTest;

beforeAll(async () => {
  dashboard = await startDashboard();
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

const load = (viewport?: typeof PHONE) => dashboard.load(viewport);

const notify = (
  ApplicationId: string,
  Status: 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED',
  secondsAgo: number,
) =>
  dashboard.client.send(
    new NotifyApplicationStateCommand({
      ApplicationId,
      Status,
      UpdateDateTime: new Date(Date.now() - secondsAgo * 1000),
    }),
  );

/** The rows of the applications table: id, status badge, last update. */
async function applicationRows(page: Page): Promise<string[][]> {
  const rows = page.locator('tr.application');
  const shown: string[][] = [];
  for (let n = 0; n < (await rows.count()); n += 1) {
    const row = rows.nth(n);
    shown.push([
      (await row.locator('.application-id').textContent()) ?? '',
      (await row.locator('.badge').textContent()) ?? '',
      (await row.locator('time').textContent()) ?? '',
    ]);
  }
  return shown;
}

test('no application states, no section; once notified, each with its status and last update, in id order', async () => {
  const page = await load();
  expect(await page.getByRole('heading', { name: 'Applications' }).count()).toBe(0);

  await notify('payroll', 'IN_PROGRESS', 10 * 60);
  await notify('crm', 'COMPLETED', 2 * 3600);
  await notify('billing', 'NOT_STARTED', 30 * 60);
  // Older news: the page shows the state in force.
  await notify('crm', 'IN_PROGRESS', 3 * 3600);

  await page.getByRole('button', { name: 'Refresh now' }).click();
  await eventually(async () => {
    expect(await applicationRows(page)).toEqual([
      ['billing', 'Not started', '30 min ago'],
      ['crm', 'Completed', '2 h ago'],
      ['payroll', 'In progress', '10 min ago'],
    ]);
  });
  const section = page.getByRole('region', { name: 'Applications' });
  expect(await section.locator('.stream-meta').textContent()).toBe('3 applications');
  expect(await section.locator('time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  await screenshot(page, 'laptop-applications');
  await page.context().close();
});

test('a new notification shows on the open page at its next refresh, without a reload', async () => {
  const page = await load();
  await page.locator('tr.application').first().waitFor();
  await notify('payroll', 'COMPLETED', 0);
  await eventually(async () => {
    const payroll = page.locator('tr.application', { has: page.getByText('payroll', { exact: true }) });
    expect(await payroll.locator('.badge').textContent()).toBe('Completed');
    // Seconds old at most: the refresh's own delay on a busy machine decides which.
    expect(await payroll.locator('time').textContent()).toMatch(/^(just now|\d+ s ago)$/);
  });
  await page.context().close();
});

test('on a phone, an id of 1,600 characters wraps inside the screen', async () => {
  const long = `app-${'x'.repeat(1596)}`;
  await notify(long, 'IN_PROGRESS', 60);
  const page = await load(PHONE);
  const id = page.locator('.application-id', { hasText: 'app-xxxx' });
  await id.waitFor();
  const box = await id.boundingBox();
  expect(box?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(PHONE.width);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    PHONE.width,
  );
  await screenshot(page, 'phone-applications');
  await page.context().close();
});
