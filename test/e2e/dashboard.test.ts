/**
 * The dashboard as a person sees it, in headless Chromium: served by the local endpoint beside its API (as
 * `npm start` serves it), reading tasks seeded through the API. Screenshots land in test-artifacts/dashboard/.
 */
import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { eventually, LAPTOP, PHONE, screenshot } from './support/browser';
import { type DashboardUnderTest, startDashboard } from './support/dashboard';
import { notify, seed, seedAssociations } from './support/seed';

let dashboard: DashboardUnderTest;

beforeAll(async () => {
  dashboard = await startDashboard();
  await seed(dashboard.client);
  await seedAssociations(dashboard.client, dashboard.endpoint.url);
}, 60_000);

afterAll(async () => {
  await dashboard?.close();
});

/** The page, loaded and showing the migration. */
const load = (viewport = LAPTOP, search = '') => dashboard.load(viewport, search);

const row = (page: Page, task: string) =>
  page.locator('tr.task', { has: page.getByRole('button', { name: task }) });

const scrollY = (page: Page) => page.evaluate<number>('window.scrollY');

async function count(page: Page, key: string): Promise<string> {
  return (await page.locator(`[data-count="${key}"]`).textContent()) ?? '';
}

/** The task names shown, in page order. */
async function shownTasks(page: Page): Promise<string[]> {
  return page.locator('tr.task .task-name').allTextContents();
}

test('the counts, every stream with its tasks, progress bars, last updates and the stale badge', async () => {
  const page = await load();

  expect(await count(page, 'total')).toBe('6');
  expect(await count(page, 'IN_PROGRESS')).toBe('2');
  expect(await count(page, 'COMPLETED')).toBe('1');
  expect(await count(page, 'FAILED')).toBe('1');
  expect(await count(page, 'NOT_STARTED')).toBe('1');
  expect(await count(page, 'NOT_REPORTED')).toBe('1');
  expect(await count(page, 'stale')).toBe('1');

  expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
    'ApplicationMigration',
    'DMS',
  ]);
  expect(await shownTasks(page)).toEqual([
    'vm-app-1',
    'vm-web-1',
    'vm-web-2',
    'db-billing',
    'db-legacy',
    'db-orders',
  ]);

  const orders = row(page, 'db-orders');
  expect(await orders.locator('.badge').allTextContents()).toEqual(['In progress']);
  const bar = orders.getByRole('progressbar');
  expect(await bar.getAttribute('aria-valuenow')).toBe('42');
  const track = await bar.boundingBox();
  const fill = await bar.locator('.progress-fill').boundingBox();
  expect((fill?.width ?? 0) / (track?.width ?? 1)).toBeCloseTo(0.42, 1);
  expect(await orders.textContent()).toContain('42%');
  expect(await orders.textContent()).toContain('Copying tables');
  expect(await orders.locator('time').textContent()).toMatch(/^[3-5]\d s ago$/);

  const legacy = row(page, 'db-legacy');
  expect(await legacy.locator('.badge-stale').textContent()).toBe('Stale · 9 min overdue');
  expect(await legacy.locator('time').textContent()).toBe('10 min ago');
  // Only the quiet task is marked: not the completed one whose deadline passed long ago.
  expect(await page.locator('.badge-stale').count()).toBe(1);
  expect(await page.getByRole('heading', { name: 'DMS' }).locator('..').textContent()).toContain('1 stale');

  const failed = row(page, 'vm-web-1');
  expect(await failed.locator('.badge').allTextContents()).toEqual(['Failed']);
  expect(await failed.textContent()).toContain('web-01.corp.example');
  expect(await row(page, 'vm-web-2').textContent()).toContain('Not reported');
  expect(await row(page, 'vm-web-2').locator('.cell-updated').textContent()).toBe('never');
  expect(await page.title()).toBe('(1 stale) Migration Hub');

  await screenshot(page, 'laptop-overview');
  await page.context().close();
});

test('filters by stream, status and staleness, and searches task and resource names', async () => {
  const page = await load();
  const shown = page.locator('.shown');

  await page.getByLabel('Stream', { exact: true }).selectOption('DMS');
  expect(await shownTasks(page)).toEqual(['db-billing', 'db-legacy', 'db-orders']);
  expect(await shown.textContent()).toBe('3 of 6 tasks');

  await page.getByLabel('Stream', { exact: true }).selectOption('');
  await page.getByRole('button', { name: /Failed/ }).click();
  expect(await shownTasks(page)).toEqual(['vm-web-1']);
  expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('FAILED');
  await page.getByRole('button', { name: /All tasks/ }).click();

  await page.getByLabel('Stale only').check();
  expect(await shownTasks(page)).toEqual(['db-legacy']);
  await screenshot(page, 'filter-stale');
  await page.getByLabel('Stale only').uncheck();

  await page.getByRole('searchbox').fill('web-01.corp');
  expect(await shownTasks(page)).toEqual(['vm-web-1']);
  await page.getByRole('searchbox').fill('ORDERS');
  expect(await shownTasks(page)).toEqual(['db-orders']);
  // A whole discovered id: no row shows it, the API's search index finds its task.
  await page.getByRole('searchbox').fill('d-server-0025db43a885966c8');
  await eventually(async () => expect(await shownTasks(page)).toEqual(['vm-web-1']));
  await page.getByRole('searchbox').fill('nothing-like-this');
  expect(await page.getByText('No task matches these filters.').isVisible()).toBe(true);

  // The view is in the address bar: a reload opens the same.
  await page.getByRole('searchbox').fill('db-');
  await page.getByLabel('Status', { exact: true }).selectOption('IN_PROGRESS');
  await eventually(async () => expect(page.url()).toContain('status=IN_PROGRESS'));
  await page.reload();
  await page.locator('[data-count="total"]').waitFor();
  expect(await page.getByRole('searchbox').inputValue()).toBe('db-');
  expect(await shownTasks(page)).toEqual(['db-legacy', 'db-orders']);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  expect(await shownTasks(page)).toHaveLength(6);
  await page.context().close();
});

test("a task's history opens as a timeline, newest first, with its resource attributes and associations", async () => {
  const page = await load();
  const toggle = page.getByRole('button', { name: 'db-orders' });
  await toggle.click();
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  const items = page.locator('.timeline-item');
  await items.first().waitFor();
  expect(await page.locator('.timeline-title').textContent()).toBe('3 updates, newest first');
  // A task with no associations shows none.
  expect(await page.locator('.associations').count()).toBe(0);
  const texts = await items.allTextContents();
  expect(texts[0]).toMatch(/In progress42%Copying tables/);
  expect(texts[1]).toMatch(/\(10 min ago\)In progress10%Full load/);
  expect(texts[2]).toMatch(/\(20 min ago\)Not started0%/);
  await screenshot(page, 'timeline');

  // Another task's timeline replaces it, with that task's attributes.
  await page.getByRole('button', { name: 'vm-web-1' }).click();
  await page.locator('.resources').waitFor();
  expect(await page.locator('.resources').textContent()).toBe('FQDNweb-01.corp.exampleIPV4_ADDRESS10.0.0.5');
  const discovered = page.getByRole('region', { name: 'Discovered resources' });
  expect(await discovered.locator('li').allTextContents()).toEqual(['d-server-0025db43a885966c8web server']);
  const sources = page.getByRole('region', { name: 'Source resources' });
  expect((await sources.locator('li').allTextContents()).sort()).toEqual([
    'Wave 1web tierCutover planned',
    'app-storefront',
  ]);
  await screenshot(page, 'timeline-associations');
  expect(await page.locator('.timeline-item').allTextContents()).toEqual([
    expect.stringMatching(/Failed17%Replication agent lost connection$/),
  ]);
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await page.context().close();
});

test('everything works from the keyboard', async () => {
  const page = await load();
  const focused = page.locator(':focus');
  await page.keyboard.press('/');
  expect(await focused.getAttribute('type')).toBe('search');
  await page.keyboard.type('db-');
  // Tab through the filters to the first task, then arrows between tasks.
  const focusedTask = () => focused.getAttribute('data-task-key');
  for (let i = 0; i < 10 && (await focusedTask()) === null; i++) await page.keyboard.press('Tab');
  expect(await focusedTask()).toBe('DMS|db-billing');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await focusedTask()).toBe('DMS|db-orders');
  await page.keyboard.press('Enter');
  await page.locator('.timeline-item').first().waitFor();
  await page.keyboard.press('Escape');
  expect(await page.locator('.timeline').count()).toBe(0);
  expect(await focusedTask()).toBe('DMS|db-orders');
  // Focus is visible.
  expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
  await page.context().close();
});

test('it refreshes itself and keeps the filters, the scroll position and the open timeline', async () => {
  const page = await load(LAPTOP, '?stream=DMS');
  await page.getByRole('button', { name: 'db-orders' }).click();
  await page.locator('.timeline-item').first().waitFor();
  await page.setViewportSize({ width: LAPTOP.width, height: 400 });
  await page.mouse.move(400, 300);
  await page.mouse.wheel(0, 200);
  await eventually(async () => expect(await scrollY(page)).toBeGreaterThan(0));
  const scrolled = await scrollY(page);

  await notify(dashboard.client, 'DMS', 'db-orders', {
    task: { Status: 'IN_PROGRESS', ProgressPercent: 57, StatusDetail: 'Copying indexes' },
    ago: 0,
    nextUpdateSeconds: 3600,
  });
  await eventually(async () => {
    expect(await row(page, 'db-orders').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('57');
  });
  await eventually(async () => {
    expect(await page.locator('.timeline-title').textContent()).toBe('4 updates, newest first');
  });
  expect(await page.locator('.timeline-item').first().textContent()).toMatch(/In progress57%Copying indexes/);
  expect(await page.getByLabel('Stream', { exact: true }).inputValue()).toBe('DMS');
  expect(await scrollY(page)).toBe(scrolled);
  await page.context().close();
});

test('a task that misses its deadline turns stale on the open page', async () => {
  await notify(dashboard.client, 'ApplicationMigration', 'vm-app-1', {
    task: { Status: 'IN_PROGRESS', ProgressPercent: 5, StatusDetail: 'Starting replication' },
    ago: 50,
    nextUpdateSeconds: 60,
  });
  const page = await load();
  const app = row(page, 'vm-app-1');
  expect(await app.locator('.badge-stale').count()).toBe(0);
  await eventually(async () => {
    expect(await app.locator('.badge-stale').textContent()).toMatch(/^Stale · \d+ s overdue$/);
  }, 20_000);
  expect(await count(page, 'stale')).toBe('2');
  await screenshot(page, 'gone-stale');
  await page.context().close();
}, 40_000);

test('on a phone every task is a readable card, with nothing wider than the screen', async () => {
  const page = await load(PHONE);
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const legacy = row(page, 'db-legacy');
  const box = await legacy.boundingBox();
  expect(box?.width ?? 0).toBeLessThanOrEqual(PHONE.width);
  expect(await legacy.locator('.cell-status .badge-stale').isVisible()).toBe(true);
  expect(await legacy.getByRole('progressbar').isVisible()).toBe(true);
  await screenshot(page, 'phone-overview');
  await page.context().close();
});

test('the dashboard refuses requests addressed to another host name (DNS rebinding)', async () => {
  const url = new URL(dashboard.endpoint.url);
  const status = await new Promise<number | undefined>((resolve, reject) => {
    request({
      host: url.hostname,
      port: url.port,
      path: '/dashboard/api/overview',
      headers: { host: 'evil.example' },
    })
      .on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      })
      .on('error', reject)
      .end();
  });
  expect(status).toBe(403);
});
