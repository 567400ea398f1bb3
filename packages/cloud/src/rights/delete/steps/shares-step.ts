import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Revokes (erases) the subject's shares: for an account, every share it
 * granted or received; for a product, the shares of that product's devices,
 * granted or received. A share names both accounts, so it goes whole.
 */
export async function eraseShares(ctx: StepContext): Promise<StepCounts> {
  const { job } = ctx;
  const { rowCount } =
    job.scope === "account"
      ? await ctx.db.query("delete from shares where owner_subject_id = $1 or grantee_subject_id = $1", [job.subjectId])
      : await ctx.db.query(
          `delete from shares where (owner_subject_id = $1 or grantee_subject_id = $1)
             and device_id in (select device_id from devices where product_id = $2)`,
          [job.subjectId, job.productId],
        );
  return { shares: rowCount };
}
