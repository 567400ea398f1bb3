import { recordExpiry, withoutPurposes } from "@datapact/policy";
import { Tier } from "@datapact/proto";
import { RECORD_COLUMNS, recordsFromRows, type RecordRow } from "../../../storage/records/record-row.js";
import { RecordStore } from "../../../storage/records/record-store.js";
import type { StepContext, StepCounts } from "./step-context.js";

/**
 * For a `purposes` job (consent to analytics withdrawn, say): every record of
 * the subject (of the job's product, when it names one) kept for a
 * withdrawn purpose is narrowed by the policy's withoutPurposes, rewritten
 * in place (old payloads overwritten, statement and expiry recomputed) or
 * deleted when nothing is left. A batch per transaction, in record-id order
 * from where the last batch stopped; a record already narrowed no longer
 * matches, so a rerun redoes nothing.
 */
export async function narrowRecords(ctx: StepContext): Promise<StepCounts> {
  const { job } = ctx;
  const withdrawn = `{${job.purposes.join(",")}}`;
  let narrowed = 0;
  let erased = 0;
  let after = "";
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const params: unknown[] = [job.subjectId, withdrawn, after, ctx.batchSize];
      const { rows } = await tx.query<RecordRow>(
        `select ${RECORD_COLUMNS} from records
         where subject_id = $1 and purposes && $2::int[] and record_id > $3${job.productId ? ` and product_id = $${params.push(job.productId)}` : ""}
         order by record_id limit $4 for update`,
        params,
      );
      if (rows.length === 0) return true;
      after = rows[rows.length - 1]!.record_id;
      const store = new RecordStore({ db: tx, keyring: ctx.keyring.bind(tx), registry: ctx.registry });
      const records = await recordsFromRows(job.subjectId, rows, ctx.keyring.bind(tx), ctx.registry);
      const gone: string[] = [];
      for (const r of records) {
        const left = withoutPurposes(r.schema, r.message as never, r.statement, job.purposes);
        if (!left.changed) continue;
        if (!left.message || !left.statement) {
          gone.push(r.recordId);
          continue;
        }
        await store.replace(job.subjectId, {
          recordId: r.recordId,
          schema: r.schema,
          message: left.message,
          statement: left.statement,
          deviceId: r.deviceId,
          collectedAt: r.collectedAt,
          expiresAt: recordExpiry(r.schema, left.message, Tier.CLOUD, r.collectedAt, left.statement.purposes),
        });
        narrowed++;
      }
      if (gone.length > 0) erased += (await tx.query("delete from records where subject_id = $1 and record_id = any($2::text[])", [job.subjectId, gone])).rowCount;
      return rows.length < ctx.batchSize;
    });
    await ctx.checkpoint("rows");
    if (done) break;
  }
  return { narrowed, erased };
}
