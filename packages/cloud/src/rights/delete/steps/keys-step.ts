import { UnknownSubjectError } from "../../../storage/errors/unknown-subject-error.js";
import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Destroys the subject's data key (crypto-shredding): every sealed payload
 * of the subject, wherever a copy went (replicas, backups, rows a crash
 * left behind), is unreadable from here on, and nothing new can be sealed
 * for the subject.
 */
export async function destroyKeys(ctx: StepContext): Promise<StepCounts> {
  try {
    await ctx.keyring.destroy(ctx.job.subjectId);
  } catch (err) {
    // Already gone with its subject: nothing left to shred.
    if (err instanceof UnknownSubjectError) return { keys: 0 };
    throw err;
  }
  return { keys: 1 };
}
