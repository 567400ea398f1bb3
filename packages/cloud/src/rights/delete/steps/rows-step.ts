import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Erases the subject's records (of the job's product, for a product job) in
 * batches of `eraseBatchSize`, one statement and transaction each: a crash
 * loses at most the batch in flight, and the next run carries on with what
 * is left. Each batch is a range of record ids ending where the next batch
 * starts (found on the primary key's index), so the database deletes it the
 * way it deletes a plain `DELETE ... WHERE subject_id = $1`; the last batch
 * is exactly that statement.
 */
export async function eraseRecords(ctx: StepContext): Promise<StepCounts> {
  const { job } = ctx;
  const byProduct = job.scope === "product" ? " and product_id = $2" : "";
  const scope = job.scope === "product" ? [job.subjectId, job.productId] : [job.subjectId];
  let records = 0;
  for (;;) {
    const { rows: edge } = await ctx.db.query<{ record_id: string }>(
      `select record_id from records where subject_id = $1${byProduct} order by record_id offset $${scope.length + 1} limit 1`,
      [...scope, ctx.eraseBatchSize],
    );
    const bound = edge[0]?.record_id;
    const { rowCount } = await ctx.db.query(
      `delete from records where subject_id = $1${byProduct}${bound === undefined ? "" : ` and record_id < $${scope.length + 1}`}`,
      bound === undefined ? scope : [...scope, bound],
    );
    records += rowCount;
    if (rowCount > 0) await ctx.checkpoint("rows");
    if (bound === undefined) break;
  }
  return { records };
}
