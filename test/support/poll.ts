/**
 * Waiting on the wall clock, for what only the wall clock decides: another process, a server's timer, a
 * browser. Whatever our own code decides from the time is decided by an injected clock instead
 * (test/support/clock.ts), and needs no waiting.
 */
export interface PollOptions {
  /** @default 15_000 */
  readonly timeoutMs?: number;
  /** @default 100 */
  readonly intervalMs?: number;
}

/**
 * Asks `probe` until it answers something other than undefined, and returns that; rejects once `timeoutMs` has
 * passed, with the last error `probe` threw if it threw one.
 */
export async function pollUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 100 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) {
      throw failure ?? new Error(`not so after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until `condition` holds. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  options?: PollOptions,
): Promise<void> {
  await pollUntil(async () => ((await condition()) ? true : undefined), options);
}

/** Retries an assertion until it holds; if it never does, fails with its last failure. */
export async function eventually(assertion: () => Promise<void>, options?: PollOptions): Promise<void> {
  await pollUntil(async () => {
    await assertion();
    return true;
  }, options);
}
