/**
 * The runner lost its lease on a job (it ran longer than the lease without
 * a checkpoint, and another runner took the job over). The runner stops;
 * the other one carries on. Internal to the engine: never a client's error.
 */
export class DeletionLeaseLostError extends Error {
  override readonly name = "DeletionLeaseLostError";
  readonly code = "DELETION_LEASE_LOST";
  constructor(readonly jobId: string) {
    super(`lost the lease on deletion job ${jobId}`);
  }
}
