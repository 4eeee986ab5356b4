/**
 * The one retry loop: batch writes, the background deletion, the EventBridge publisher and the dashboard's
 * reader all retry through it, each with its own number of attempts and backoff, and with the clock they were
 * given, so a test's clock decides the waits instead of the wall clock.
 */
import { type Clock, systemClock } from './clock';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** How long to wait after the `failed`-th attempt failed (1 after the first). */
  readonly backoffMs: (failed: number) => number;
  /** Where the waits happen. @default systemClock */
  readonly clock?: Clock;
}

/**
 * Runs `attempt` until it reports done (true), waiting between attempts as the policy says. When the last
 * attempt is not done either, rejects with `exhausted()`. Errors `attempt` throws are not retried: an attempt
 * that wants an error retried catches it and returns false.
 */
export async function retry(
  attempt: (number: number) => Promise<boolean>,
  { attempts, backoffMs, clock = systemClock }: RetryPolicy,
  exhausted: () => Error,
): Promise<void> {
  for (let number = 1; ; number++) {
    if (await attempt(number)) return;
    if (number >= attempts) throw exhausted();
    await clock.sleep(backoffMs(number));
  }
}
