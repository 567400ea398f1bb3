import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Erases the subject row; every personal table's foreign key cascades, so
 * whatever is left of the account (consent receipts, switches, key
 * tombstone, revoked pairwise ids, pending device actions, withdrawn
 * products, scenes) goes in the same statement. Device commands and retired
 * device credentials carry no subject and stay until the devices fetch them.
 */
export async function eraseAccount(ctx: StepContext): Promise<StepCounts> {
  const { rowCount } = await ctx.db.query("delete from subjects where subject_id = $1", [ctx.job.subjectId]);
  return { subjects: rowCount };
}
