import { consentSnapshot, forStorage, planFor, recordExpiry, setLeaves, statementFor, type Policy } from "@datapact/policy";
import { Tier, type cloud } from "@datapact/proto";
import type { Database } from "../../storage/database/database.js";
import type { RecordStore } from "../../storage/records/record-store.js";
import type { StoredRecord } from "../../storage/records/stored-record.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import { InvalidRightsRequestError } from "../errors/invalid-rights-request-error.js";
import { RecordNotFoundError } from "../errors/record-not-found-error.js";

/** Options of {@link RecordCorrection}. */
export interface RecordCorrectionOptions {
  readonly db: Database;
  readonly records: RecordStore;
  /** Decodes and validates the corrected envelope. */
  readonly policy: Policy;
}

/**
 * Correction (000 §05 "View / Correction"; 001 §4.3 Manage (1); M128): the
 * user replaces one of their stored records (their profile, say) with a
 * corrected copy under the same record id. The old values are overwritten
 * in the same row, in the plain and the sealed payload alike, so no live
 * row holds them afterwards.
 *
 * A correction changes values, never the terms they are kept under: the
 * message type stays, the purposes can only narrow (the record keeps its
 * consent receipt and policy version), the collection time stays, and the
 * expiry is computed again from the annotations for what is kept.
 */
export class RecordCorrection {
  private readonly db: Database;
  private readonly records: RecordStore;
  private readonly policy: Policy;

  constructor(options: RecordCorrectionOptions) {
    this.db = options.db;
    this.records = options.records;
    this.policy = options.policy;
  }

  /**
   * Replaces the subject's record `record.record_id` with the corrected one.
   * Returns the record as now stored. Throws RecordNotFoundError,
   * InvalidRightsRequestError (no record, another type, wider purposes),
   * the policy's StatementError, UnknownMessageTypeError and
   * ThirdPartyDirectValueError, KeyDestroyedError. Nothing changes when it throws.
   */
  async correct(subjectId: string, record: cloud.Record | undefined): Promise<StoredRecord> {
    checkedId(subjectId, "subjectId");
    if (!record) throw new InvalidRightsRequestError("MISSING", "record");
    let recordId: string;
    try {
      recordId = checkedId(record.recordId, "record.record_id");
    } catch {
      throw new InvalidRightsRequestError("MALFORMED_ID", "record.record_id");
    }
    const { schema, message, statement } = this.policy.validateRecord(record);
    return this.db.transaction(async (tx) => {
      const store = this.records.bind(tx);
      const current = await store.get(subjectId, recordId);
      if (!current) throw new RecordNotFoundError(recordId);
      if (current.messageType !== schema.typeName) throw new InvalidRightsRequestError("TYPE_CHANGED", "record.statement.message_type");
      const kept = current.statement.purposes;
      if (statement.purposes.some((p) => !kept.includes(p))) throw new InvalidRightsRequestError("PURPOSES_WIDENED", "record.statement.purposes");
      // What the cloud may keep of the corrected values, under the purposes the original was kept for.
      const plan = planFor(schema);
      const consent = consentSnapshot({ [plan.productId]: { purposes: [...kept], enabledFunctions: plan.fn ? [plan.fn] : [] } });
      const stored = forStorage(schema, message, Tier.CLOUD, { consent });
      // Erasing a record is deletion's job; a correction must leave a value.
      if (setLeaves(plan, stored).next().done) throw new InvalidRightsRequestError("MISSING", "record.payload");
      const narrowed = statementFor(schema, stored, { consent, policyVersion: current.statement.policyVersion, consentReceiptId: current.statement.consentReceiptId });
      await store.replace(subjectId, {
        recordId,
        schema,
        message: stored,
        statement: narrowed,
        deviceId: current.deviceId,
        collectedAt: current.collectedAt,
        expiresAt: recordExpiry(schema, stored, Tier.CLOUD, current.collectedAt, narrowed.purposes),
      });
      return (await store.get(subjectId, recordId))!;
    });
  }
}
