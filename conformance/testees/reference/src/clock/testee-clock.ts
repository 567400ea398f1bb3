/**
 * The testee's one clock, shared by its cloud, app glue and devices, so that
 * `advance_clock` moves time for retention, token lifetimes and expiry
 * everywhere at once. Starts at the real time and only ever moves forward.
 */
export class TesteeClock {
  private offsetMs = 0;

  /** Now, as every part of the testee sees it. */
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("seconds must be a non-negative number");
    this.offsetMs += seconds * 1000;
  }

  /** Back to the real time (a `reset`). */
  reset(): void {
    this.offsetMs = 0;
  }
}
