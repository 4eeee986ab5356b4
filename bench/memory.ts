/**
 * 5. Memory: `npm start` as its own process (the same entry point, bin/local-endpoint.ts, with a fresh data
 * folder and a free port), its peak resident set after 10,000 tasks have sent 100,000 notifications, against its
 * resident set when it has just started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  NotifyMigrationTaskStateCommand,
} from '@aws-sdk/client-migration-hub';
import { migrationHubClient, notifyBody, pool, STREAM, scratchDir, taskName } from './support';
import { CLIENTS } from './throughput';

const ROOT = resolve(__dirname, '..');

export interface MemoryResult {
  readonly tasks: number;
  readonly notifications: number;
  readonly idleRssMb: number;
  readonly peakRssMb: number;
  readonly seconds: number;
}

/** The process's resident set now, and its peak so far (Linux: /proc/PID/status). */
function residentSet(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function started(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        // From here on, one log line per request: read and dropped, so the pipe never fills.
        child.stdout?.resume();
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });
}

export async function measureMemory({
  tasks,
  notifications,
}: {
  tasks: number;
  notifications: number;
}): Promise<MemoryResult> {
  const dir = scratchDir('memory');
  // `npm start` is `tsx bin/local-endpoint.ts`; node --import tsx runs the same in one process to measure.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local-endpoint.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      MGH_DATA_DIR: dir.path,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stopping = false;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`bench: npm start exited early (${signal ?? code})\n`);
      done();
    }),
  );
  try {
    const url = await started(child);
    const pid = child.pid as number;
    // Let start-up garbage settle before taking the idle figure.
    await new Promise((done) => setTimeout(done, 1_000));
    const idle = residentSet(pid);
    const mgh = migrationHubClient(url, CLIENTS);
    const began = performance.now();
    await mgh.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: STREAM }));
    await pool(tasks, CLIENTS, (i) =>
      mgh.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: STREAM, MigrationTaskName: taskName(i) }),
      ),
    );
    const start = 1_795_000_000;
    await pool(notifications, CLIENTS, (i) => {
      const body = notifyBody(taskName(i % tasks), start + i);
      return mgh.send(
        new NotifyMigrationTaskStateCommand({ ...body, UpdateDateTime: new Date((start + i) * 1000) }),
      );
    });
    const seconds = (performance.now() - began) / 1000;
    const after = residentSet(pid);
    mgh.destroy();
    return { tasks, notifications, idleRssMb: idle.rssMb, peakRssMb: after.peakMb, seconds };
  } finally {
    stopping = true;
    child.kill('SIGTERM');
    await exited;
    dir.remove();
  }
}
