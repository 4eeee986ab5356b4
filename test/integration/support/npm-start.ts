/**
 * Runs `npm start` as its own process, for tests of the process itself: readiness, signals, restarts, crashes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MigrationHubClient } from '@aws-sdk/client-migration-hub';
import { DEFAULT_PRINCIPAL } from '../../../local/credentials';
import type packageJson from '../../../package.json';

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

const children = new Set<ChildProcess>();
const folders: string[] = [];

export function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mgh-start-'));
  folders.push(dir);
  return dir;
}

export interface ScriptOptions {
  /** What follows `--` on the command line. */
  readonly args?: readonly string[];
  /** The whole environment, before npm's PATH. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The line that says it is ready; its first group is the URL it serves. */
  readonly ready: RegExp;
}

/** `npm start` with a free port and these settings. */
export function npmStart(env: Record<string, string>): Promise<Started> {
  return runScript('start', {
    env: { ...process.env, PORT: '0', ...env },
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  });
}

/**
 * Runs a script of package.json with npm, as a user or a supervisor does, so signals sent to the child reach the
 * server only as npm passes them on. Resolves once it prints its ready line.
 */
export function runScript(
  script: keyof typeof packageJson.scripts,
  { args = [], env = process.env, ready }: ScriptOptions,
): Promise<Started> {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: join(__dirname, '..', '..', '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so cleanup can stop npm and the server it runs together.
    detached: true,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export function clientFor(url: string, credentials = DEFAULT_PRINCIPAL, region = 'us-east-1') {
  return new MigrationHubClient({ endpoint: url, region, credentials, maxAttempts: 1 });
}

/** Kills whatever is still running and removes the data folders; call from afterAll. */
export async function cleanUp(): Promise<void> {
  for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
