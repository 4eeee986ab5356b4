/**
 * What the AWS CLI and boto3 tests share: the environment their processes run in, and the two ways they run one.
 * The environment carries the default principal's keys and no config or credentials file, so the user's own
 * ~/.aws never matters.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DEFAULT_PRINCIPAL } from '../../../local/credentials';

/** The environment of an `aws` or `python3` process, with `extra` added or replacing. */
export function cliEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: DEFAULT_PRINCIPAL.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_PRINCIPAL.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...extra,
  };
}

/** execFile as a promise: rejects when the process fails, with its `stderr` on the error. */
export const execFileAsync = promisify(execFile);

export interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a process to its end and resolves however it ends: for tests that look at a failure's output. */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; maxBuffer?: number },
): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(command, args, options, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** `aws mgh ...` against the endpoint at `url`: its JSON output, parsed; rejects when the CLI fails. */
export async function awsMgh(url: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await execFileAsync('aws', ['mgh', ...args, '--endpoint-url', url, '--output', 'json'], {
    env: cliEnvironment(),
  });
  return stdout.trim() ? JSON.parse(stdout) : {};
}
