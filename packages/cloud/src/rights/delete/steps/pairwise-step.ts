import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Revokes every pairwise id the subject has at manufacturers: from now on
 * they resolve to nobody (PairwiseIdentifiers.resolvePairwise reads only
 * standing ids). The rows themselves go with the subject in the `account`
 * step. The same statement as PairwiseIdentifiers.revokeAllFor, run here so
 * the step needs no pairwise secret.
 */
export async function revokePairwiseIds(ctx: StepContext): Promise<StepCounts> {
  const { rowCount } = await ctx.db.query("update pairwise_ids set revoked_at = $2 where subject_id = $1 and revoked_at is null", [
    ctx.job.subjectId,
    ctx.now().toISOString(),
  ]);
  return { pairwiseIds: rowCount };
}
