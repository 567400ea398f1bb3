/** How the outboxes wait between attempts while the cloud is unreachable. */
export interface RetryOptions {
  /** Delay after the first failure; default 1 s. */
  readonly initialDelayMs: number;
  /** Ceiling; default 5 min. */
  readonly maxDelayMs: number;
  /** Growth per failure; default 2. */
  readonly multiplier: number;
}

export const defaultRetry: RetryOptions = { initialDelayMs: 1_000, maxDelayMs: 300_000, multiplier: 2 };

/**
 * Exponential backoff with jitter (each delay drawn from the upper half of
 * its step), so many apps coming back online do not retry in lockstep.
 */
export class Backoff {
  private failures = 0;
  constructor(private readonly options: RetryOptions = defaultRetry) {}

  /** The delay before the next attempt, counting one more failure. */
  next(): number {
    const step = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * this.options.multiplier ** this.failures);
    this.failures++;
    return Math.round(step / 2 + Math.random() * (step / 2));
  }

  /** After a success. */
  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
