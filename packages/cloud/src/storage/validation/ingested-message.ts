import type { RecordToStore } from "../records/record-to-store.js";

/**
 * The brand of a RecordToStore whose message holds values of their
 * declared types by construction: decoded from wire bytes by protobuf-es,
 * then only projected (fields removed, never set) by the policy. The
 * record store checks every other message's values before encoding it
 * (checkMessageValues), because protobuf-es encodes whatever it is given;
 * for these the check cannot fail, and on the ingest path it is a large
 * share of storing a record.
 *
 * The brand's value is the message it vouches for, so a record whose
 * message was swapped afterwards is checked again. The symbol is internal
 * to the cloud package: only code that decoded a message itself may brand
 * it, and must not change its values afterwards. (A brand on the record,
 * written where the record is made, rather than a WeakSet of messages: a
 * WeakSet entry per record costs the collector more than the brand saves.)
 */
export const DECODED_MESSAGE: unique symbol = Symbol("datapact.decodedMessage");

/** A record carrying the brand. */
export type DecodedRecordToStore = RecordToStore & { readonly [DECODED_MESSAGE]: RecordToStore["message"] };

/** Whether `record` carries the brand for the message it holds now. */
export function hasDecodedMessage(record: RecordToStore): boolean {
  return (record as Partial<DecodedRecordToStore>)[DECODED_MESSAGE] === record.message;
}
