import { fromBinary, type Registry } from "@bufbuild/protobuf";
import { UnknownMessageTypeError } from "@datapact/policy";
import { DataUseStatementSchema } from "@datapact/proto";
import type { DataKeyring } from "../../keys/data-keyring.js";
import { StoredRecordUnreadableError } from "../errors/stored-record-unreadable-error.js";
import { sealedPayloadContext } from "./prepared-record.js";
import type { StoredRecord } from "./stored-record.js";

/** The columns every read selects, in the shape both engines return them. */
export interface RecordRow {
  record_id: string;
  product_id: string;
  message_type: string;
  device_id: string | null;
  payload_plain: Uint8Array;
  payload_sealed: Uint8Array | null;
  statement: Uint8Array;
  collected_at: Date;
  stored_at: Date;
  expires_at: Date | null;
}

/** The select list matching {@link RecordRow}. */
export const RECORD_COLUMNS =
  "record_id, product_id, message_type, device_id, payload_plain, payload_sealed, statement, collected_at, stored_at, expires_at";

/**
 * Turns rows of one subject into records, opening every sealed payload with
 * one key lookup. Throws KeyDestroyedError once the subject's key is gone,
 * SealedDataError for a damaged sealed payload, StoredRecordUnreadableError
 * for bytes that do not decode, UnknownMessageTypeError for a type the
 * registry lacks.
 */
export async function recordsFromRows(subjectId: string, rows: readonly RecordRow[], keyring: DataKeyring, registry: Registry): Promise<StoredRecord[]> {
  // Types first: a row of a type the registry lacks says so, rather than
  // failing to open (the type is part of the sealed payload's context).
  const schemas = rows.map((row) => {
    const schema = registry.getMessage(row.message_type);
    if (!schema) throw new UnknownMessageTypeError(row.message_type);
    return schema;
  });
  const sealedRows = rows.filter((r) => r.payload_sealed !== null);
  const opened = await keyring.openAllFor(
    subjectId,
    sealedRows.map((r) => ({ sealed: r.payload_sealed!, aad: sealedPayloadContext(r.message_type, r.record_id) })),
  );
  const openedByRow = new Map(sealedRows.map((r, i) => [r, opened[i]!]));
  return rows.map((row, i) => {
    const schema = schemas[i]!;
    const sealedBytes = openedByRow.get(row);
    let message;
    try {
      message = fromBinary(schema, sealedBytes ?? row.payload_plain);
    } catch {
      throw new StoredRecordUnreadableError(subjectId, row.record_id, sealedBytes ? "payload_sealed" : "payload_plain");
    }
    let statement;
    try {
      statement = fromBinary(DataUseStatementSchema, row.statement);
    } catch {
      throw new StoredRecordUnreadableError(subjectId, row.record_id, "statement");
    }
    return {
      subjectId,
      recordId: row.record_id,
      productId: row.product_id,
      messageType: row.message_type,
      deviceId: row.device_id ?? undefined,
      schema,
      message,
      statement,
      collectedAt: row.collected_at,
      storedAt: row.stored_at,
      expiresAt: row.expires_at ?? undefined,
      sealed: sealedBytes !== undefined,
    };
  });
}
