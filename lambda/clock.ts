/**
 * Time, as every decision that depends on it reads it: injected, so that tests decide what time it is and do
 * not wait for it. One convention: a clock counts milliseconds since the epoch (`nowMs`), as `Date.now()`
 * does; the API's times are epoch seconds, and every name that holds seconds says so (`...Seconds`,
 * `updateDateTime`, `deadline` of a task).
 */
export interface Clock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The clock's time in epoch seconds, the API's unit. */
export function nowSeconds(clock: Clock): number {
  return clock.nowMs() / 1000;
}
