import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Erases the subject's records (of the job's product, for a product job) in
 * batches, one transaction each: a crash loses at most the batch in flight,
 * and the next run carries on with what is left.
 */
export async function eraseRecords(ctx: StepContext): Promise<StepCounts> {
  const { job } = ctx;
  const byProduct = job.scope === "product";
  let records = 0;
  for (;;) {
    const params: unknown[] = [job.subjectId, ctx.batchSize];
    if (byProduct) params.push(job.productId);
    const { rowCount } = await ctx.db.query(
      `delete from records where subject_id = $1 and record_id in (
         select record_id from records where subject_id = $1${byProduct ? " and product_id = $3" : ""} limit $2)`,
      params,
    );
    records += rowCount;
    if (rowCount === 0) break;
    await ctx.checkpoint("rows");
    if (rowCount < ctx.batchSize) break;
  }
  return { records };
}
