/** What one record type's sweep did. */
export interface TypeSweep {
  /** Records erased whole. */
  readonly deleted: number;
  /** Records rewritten without their expired values. */
  readonly trimmed: number;
}

/** What {@link RetentionSweeper.sweep} did: counts and ids of types, never values. */
export interface SweepReport {
  /** The instant swept at (the injected clock's now, or the one given). */
  readonly at: Date;
  /** Records erased whole, across types. */
  readonly recordsDeleted: number;
  /** Records rewritten without their expired values. */
  readonly recordsTrimmed: number;
  /** Records whose stored expiry was early (nothing had expired yet): moved to the right instant. */
  readonly recordsRescheduled: number;
  /** Per message type (full name). */
  readonly byType: ReadonlyMap<string, TypeSweep>;
  /** Improvement-plan analytics events past their end. */
  readonly analyticsEvents: number;
  /** Anonymized records past their end. */
  readonly anonymizedRecords: number;
  /** Retired device credentials with no command left to deliver. */
  readonly retiredDevices: number;
  /** Transactions the sweep committed. */
  readonly batches: number;
}
