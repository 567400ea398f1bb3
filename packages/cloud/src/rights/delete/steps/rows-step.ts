import type { StepContext, StepCounts } from "./step-context.js";

/**
 * Erases the subject's records (of the job's product, for a product job) in
 * batches of `eraseBatchSize`, one statement and transaction each: a crash
 * loses at most the batch in flight, and the next run carries on with what
 * is left. Each batch is a range of record ids, from where the previous one
 * ended to where the next one starts (found on the primary key's index), so
 * the database deletes it the way it deletes a plain `DELETE ... WHERE
 * subject_id = $1`, and no batch walks over the index entries of the rows
 * earlier batches deleted (they stay until VACUUM). The last batch is the
 * plain statement itself, except for an account: its last batch is left to
 * the `account` step, whose cascade from the subject row erases it in the
 * same single pass a plain DELETE makes (erasing it here would leave that
 * cascade walking the index entries of the rows just deleted).
 */
export async function eraseRecords(ctx: StepContext): Promise<StepCounts> {
  const { job } = ctx;
  const scope: unknown[] = job.scope === "product" ? [job.subjectId, job.productId] : [job.subjectId];
  const byProduct = job.scope === "product" ? " and product_id = $2" : "";
  let records = 0;
  let from: string | undefined;
  for (;;) {
    const params = [...scope];
    const after = from === undefined ? "" : ` and record_id >= $${params.push(from)}`;
    const { rows: edge } = await ctx.db.query<{ record_id: string }>(
      `select record_id from records where subject_id = $1${byProduct}${after} order by record_id offset $${params.push(ctx.eraseBatchSize)} limit 1`,
      params,
    );
    const bound = edge[0]?.record_id;
    if (bound === undefined && job.scope === "account") break;
    const range = [...scope];
    const lower = from === undefined ? "" : ` and record_id >= $${range.push(from)}`;
    const upper = bound === undefined ? "" : ` and record_id < $${range.push(bound)}`;
    const { rowCount } = await ctx.db.query(`delete from records where subject_id = $1${byProduct}${lower}${upper}`, range);
    records += rowCount;
    if (rowCount > 0) await ctx.checkpoint("rows");
    if (bound === undefined) break;
    from = bound;
  }
  return { records };
}
