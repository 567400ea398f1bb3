import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Erases the subject row; every personal table's foreign key cascades, so
 * whatever is left of the account (the last batch of records, consent
 * receipts, switches, key tombstone, revoked pairwise ids, pending device
 * actions, withdrawn products, scenes) goes in the same statement, and the
 * subject's earlier finished jobs stop naming it. Device commands and
 * retired device credentials carry no subject and stay until the devices
 * fetch them.
 */
export async function eraseAccount(ctx: StepContext): Promise<StepCounts> {
  // The subject's earlier, finished jobs stop naming it in the same statement.
  const { rows } = await ctx.db.query<{ n: number }>(
    `with gone as (delete from subjects where subject_id = $1 returning 1),
          forgotten as (update deletion_jobs set subject_id = null where subject_id = $1 and finished_at is not null returning 1)
     select (select count(*) from gone)::int as n`,
    [ctx.job.subjectId],
  );
  return { subjects: rows[0]?.n ?? 0 };
}
