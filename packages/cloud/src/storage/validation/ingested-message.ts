import type { RecordToStore } from "../records/record-to-store.js";

/**
 * The brand of a RecordToStore whose message the ingest path made itself:
 * decoded from wire bytes by protobuf-es, then only projected (fields
 * removed, never set) by the policy, for storage at the cloud among other
 * things. Its values have their declared types by construction and a
 * projection for storage leaves it as it is, so the record store skips
 * both its value check (checkMessageValues: protobuf-es encodes whatever
 * it is given) and its own projection for such a record; on the ingest
 * path the two were a measurable share of storing a record.
 *
 * The brand's value is the message it vouches for, so a record whose
 * message was swapped afterwards is checked and projected again. The
 * symbol is internal to the cloud package: only code that decoded and
 * projected a message itself may brand it, and must not change it
 * afterwards. (A brand on the record, written where the record is made,
 * rather than a WeakSet of messages: a WeakSet entry per record costs the
 * collector more than the skipped work saves.)
 */
export const INGESTED_MESSAGE: unique symbol = Symbol("datapact.ingestedMessage");

/** A record carrying the brand. */
export type IngestedRecordToStore = RecordToStore & { readonly [INGESTED_MESSAGE]: RecordToStore["message"] };

/** Whether `record` carries the brand for the message it holds now. */
export function hasIngestedMessage(record: RecordToStore): boolean {
  return (record as Partial<IngestedRecordToStore>)[INGESTED_MESSAGE] === record.message;
}
