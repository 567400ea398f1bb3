// Stored bytes are parsed on every read: whatever sits in a row, reading it
// yields a record or a typed error, never a crash or a foreign exception.
import { createRegistry, toBinary } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { UnknownMessageTypeError } from "@datapact/policy";
import { band, DataUseStatementSchema, home, pactFiles } from "@datapact/proto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataKeyring, KeyEncryptionKey, openDatabase, StoredRecordUnreadableError, type Database } from "../../src/index.js";
import { recordsFromRows, type RecordRow } from "../../src/storage/records/record-row.js";

const registry = createRegistry(...pactFiles);
let db: Database;
let keyring: DataKeyring;

beforeAll(async () => {
  // Rows without a sealed payload never reach the database; the keyring just needs one.
  db = await openDatabase();
  keyring = new DataKeyring({ db, kek: KeyEncryptionKey.generate() });
}, 60_000);
afterAll(async () => {
  await db.close();
});

function row(payload: Uint8Array, statement: Uint8Array, messageType: string): RecordRow {
  return {
    record_id: "r",
    product_id: "p",
    message_type: messageType,
    device_id: null,
    payload_plain: payload,
    payload_sealed: null,
    statement,
    collected_at: new Date(0),
    stored_at: new Date(0),
    expires_at: null,
  };
}

describe("reading stored rows", () => {
  const goodStatement = toBinary(DataUseStatementSchema, { $typeName: DataUseStatementSchema.typeName, purposes: [1] } as never);

  it("turns arbitrary payload and statement bytes into a record or StoredRecordUnreadableError (fuzz)", async () => {
    const params = replayable("record rows: arbitrary stored bytes", 500);
    const types = [band.FeedbackRecordSchema.typeName, home.PhoneInfoSchema.typeName, band.BandSyncRecordSchema.typeName];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.option(fc.uint8Array({ maxLength: 60 }), { nil: undefined }), fc.constantFrom(...types), async (payload, statement, type) => {
        try {
          const [record] = await recordsFromRows("s", [row(payload, statement ?? goodStatement, type)], keyring, registry);
          expect(record!.messageType).toBe(type);
        } catch (err) {
          expect(err).toBeInstanceOf(StoredRecordUnreadableError);
          expect((err as Error).message).not.toMatch(/[\u0080-\uffff]/);
        }
      }),
      params,
    );
  });

  it("names an unknown message type rather than failing to decode", async () => {
    await expect(recordsFromRows("s", [row(new Uint8Array(), goodStatement, "datapact.gone.v1.Thing")], keyring, registry)).rejects.toBeInstanceOf(UnknownMessageTypeError);
  });
});
