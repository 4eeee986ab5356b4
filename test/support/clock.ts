/**
 * A clock the test sets: `sleep` returns at once and moves the time on by what was asked, so code that backs
 * off or waits for a deadline runs in no time, and the test can read the waits it asked for.
 */
import type { Clock } from '../../lambda/clock';

export class FakeClock implements Clock {
  /** Every wait asked for, in order (milliseconds). */
  readonly sleeps: number[] = [];

  constructor(private ms = 1_800_000_000_000) {}

  nowMs(): number {
    return this.ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.ms += ms;
  }

  /** The time in epoch seconds, the API's unit. */
  get seconds(): number {
    return this.ms / 1000;
  }

  set seconds(value: number) {
    this.ms = value * 1000;
  }

  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** A clock that reads the time, in epoch seconds, from the test's own variable; its waits return at once. */
export function clockReading(seconds: () => number): Clock {
  return { nowMs: () => seconds() * 1000, sleep: async () => undefined };
}
