/**
 * The two commands that serve the dashboard, run as a person runs them: `npm run dashboard` reading an API
 * with the caller's own AWS credentials from the environment, signed for API Gateway (`execute-api`), and
 * `npm start` serving it at its root.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Overview } from '../../local/dashboard/contract';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from '../integration/support/endpoint';
import {
  cleanUp,
  dataDir,
  exitOf,
  npmStart,
  runScript,
  type Started,
} from '../integration/support/npm-start';
import { launchChromium, openPage, screenshot } from './support/browser';
import { seed } from './support/seed';

const ROOT = join(__dirname, '..', '..');
let endpoint: TestEndpoint;
let proxy: Server;
let proxyUrl: string;
/** The Authorization header of every request the dashboard sent the API. */
const authorizations: string[] = [];
let browser: Browser;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  const client = endpoint.client();
  await seed(client);
  // Between the dashboard and the API, to see how it signs.
  const target = new URL(endpoint.url);
  proxy = createServer((incoming, outgoing) => {
    authorizations.push(String(incoming.headers.authorization));
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/prod/`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await endpoint?.close();
  await cleanUp();
});

/**
 * `npm run dashboard -- ARGS` as npm runs it (its .bin on PATH), with AWS credentials in the environment only:
 * no profile files and no instance metadata, so nothing on this machine is read or reached.
 */
function npmRunDashboard(args: string[], credentials: Record<string, string>): Promise<Started> {
  const { AWS_PROFILE: _profile, ...environment } = process.env;
  return runScript('dashboard', {
    args,
    env: {
      ...environment,
      AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      ...credentials,
    },
    ready: /Migration Hub dashboard on (http:\/\/127\.0\.0\.1:\d+)\//,
  });
}

test('npm run dashboard reads a deployed API with the credentials of the environment, signed for execute-api', async () => {
  const { operator } = PRINCIPALS;
  const dashboard = await npmRunDashboard(['--endpoint', proxyUrl, '--region', 'us-east-1', '--port', '0'], {
    AWS_ACCESS_KEY_ID: operator.accessKeyId,
    AWS_SECRET_ACCESS_KEY: operator.secretAccessKey,
  });
  expect(dashboard.output()).toContain(`reading ${proxyUrl} in us-east-1: 2 progress update stream(s)`);

  const page = await openPage(browser);
  await page.goto(`${dashboard.url}/`);
  await page.locator('[data-count="total"]').waitFor();
  expect(await page.locator('[data-count="total"]').textContent()).toBe('6');
  expect(await page.locator('[data-count="stale"]').textContent()).toBe('1');
  expect(await page.locator('.source').textContent()).toBe(`Reading ${proxyUrl} (us-east-1)`);
  await page.getByRole('button', { name: 'db-orders' }).click();
  expect(await page.locator('.timeline-title').textContent()).toBe('3 updates, newest first');
  await screenshot(page, 'npm-run-dashboard');
  await page.context().close();

  expect(authorizations.length).toBeGreaterThan(0);
  for (const authorization of authorizations) {
    expect(authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${operator.accessKeyId}/\\d{8}/us-east-1/execute-api/aws4_request,`,
      ),
    );
  }
  dashboard.child.kill('SIGTERM');
  expect(await exitOf(dashboard.child)).toBe(0);
});

test('npm run dashboard with credentials the API refuses says so, on the console and on the page', async () => {
  const dashboard = await npmRunDashboard(
    ['--endpoint', endpoint.url, '--region', 'us-east-1', '--port', '0'],
    {
      AWS_ACCESS_KEY_ID: 'AKIANOBODYKNOWSTHIS1',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
    },
  );
  expect(dashboard.output()).toMatch(/WARNING: could not read .*UnrecognizedClientException/);
  const page = await openPage(browser);
  await page.goto(`${dashboard.url}/`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  // The first of the two listings read in parallel to be refused names itself.
  expect(await alert.textContent()).toMatch(
    /^(ListProgressUpdateStreams|ListMigrationTasks): UnrecognizedClientException: The security token included in the request is invalid\.$/,
  );
  await screenshot(page, 'credentials-refused');
  await page.context().close();
  dashboard.child.kill('SIGTERM');
  expect(await exitOf(dashboard.child)).toBe(0);
});

test('npm start serves the dashboard at its root, reading its own API', async () => {
  const started = await npmStart({ MGH_DATA_DIR: dataDir() });
  expect(started.output()).toContain(`dashboard: ${started.url}/`);
  const html = await fetch(`${started.url}/`);
  expect(html.status).toBe(200);
  expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await html.text()).toContain('<script type="module" src="/dashboard/app.js"></script>');
  const overview = (await (await fetch(`${started.url}/dashboard/api/overview`)).json()) as Overview;
  expect(overview.counts.total).toBe(0);
  expect(overview.source).toBe(
    `${started.url} (us-east-1, as arn:aws:iam::111122223333:user/migration-tool)`,
  );
  // The API itself is unchanged: an unsigned POST is still refused.
  expect((await fetch(`${started.url}/`, { method: 'POST' })).status).toBe(403);
  started.child.kill('SIGTERM');
  expect(await exitOf(started.child)).toBe(0);
});
