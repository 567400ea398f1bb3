/** The cloud's notion of now: injectable so tests (and retention, later) can move time. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
