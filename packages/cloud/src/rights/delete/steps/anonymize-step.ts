import type { DescMessage } from "@bufbuild/protobuf";
import { forAnonymization, mayAnonymize, planFor } from "@datapact/policy";
import { RECORD_COLUMNS, recordsFromRows, type RecordRow } from "../../../storage/records/record-row.js";
import { AnonymizedRecordStore } from "../../anonymize/anonymized-record-store.js";
import type { StepContext, StepCounts } from "./step-context.js";

/** The registry's message types the pact lets survive an account deletion anonymized, and their products. */
function anonymizable(ctx: StepContext): { types: string[]; products: string[] } {
  const types: string[] = [];
  const products = new Set<string>();
  for (const t of ctx.registry) {
    if (t.kind !== "message" || !mayAnonymize(t as DescMessage)) continue;
    types.push(t.typeName);
    products.add(planFor(t as DescMessage).productId);
  }
  return { types: types.sort(), products: [...products].sort() };
}

/**
 * Moves out, unlinked, what the pact lets an account deletion keep
 * anonymized (decision 0010): for each record of a marked type, the
 * policy's forAnonymization copy goes to anonymized_records without any id
 * of the subject, the record, its device or its consent, and the original
 * is deleted in the same transaction, a batch at a time (so a rerun after a
 * crash neither duplicates nor misses one). Records of other types are left
 * for the `rows` step to erase.
 */
export async function anonymizeRecords(ctx: StepContext): Promise<StepCounts> {
  const { types, products } = anonymizable(ctx);
  let anonymized = 0;
  let erased = 0;
  if (types.length === 0) return { anonymized, erased };
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<RecordRow>(
        // The product filter lets the (subject, product, …) index find the candidates without reading the subject's other records.
        `select ${RECORD_COLUMNS} from records where subject_id = $1 and product_id = any($4::text[]) and message_type = any($2::text[]) order by record_id limit $3 for update`,
        [ctx.job.subjectId, types, ctx.batchSize, products],
      );
      if (rows.length === 0) return true;
      const records = await recordsFromRows(ctx.job.subjectId, rows, ctx.keyring.bind(tx), ctx.registry);
      const survivors = records.flatMap((r) => {
        const kept = forAnonymization(r.schema, r.message as never);
        return kept ? [{ schema: r.schema, productId: r.productId, message: kept, collectedAt: r.collectedAt, expiresAt: r.expiresAt }] : [];
      });
      anonymized += await new AnonymizedRecordStore(tx).insert(survivors);
      const { rowCount } = await tx.query("delete from records where subject_id = $1 and record_id = any($2::text[])", [ctx.job.subjectId, rows.map((r) => r.record_id)]);
      erased += rowCount - survivors.length;
      return rows.length < ctx.batchSize;
    });
    if (done) break;
    await ctx.checkpoint("anonymize");
  }
  return { anonymized, erased };
}
