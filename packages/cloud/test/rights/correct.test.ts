import { create, equals, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { statementFor } from "@datapact/policy";
import { band, cloud, DataUseStatementSchema, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { createSubject, type DatabaseKind } from "../../src/index.js";
import { canaryRecord, fullConsentFor } from "../storage/canary-records.js";
import { ENGINES } from "../storage/engines.js";
import { useRights } from "./rights-fixture.js";

/** The Record envelope a client sends to correct `recordId` to `init`. */
function correction(recordId: string, init: Record<string, unknown>, options: { purposes?: Purpose[]; schema?: typeof band.AccountProfileRecordSchema } = {}): cloud.Record {
  const schema = options.schema ?? band.AccountProfileRecordSchema;
  const message = create(schema, init as never);
  let statement = statementFor(schema, message, { consent: fullConsentFor(schema), policyVersion: "2024-01", consentReceiptId: "receipt-1" });
  if (options.purposes) statement = create(DataUseStatementSchema, { ...statement, purposes: options.purposes });
  return create(cloud.RecordSchema, { recordId, statement, payload: toBinary(schema, message), collectedAt: timestampFromDate(new Date()) });
}

describe.each(ENGINES)("correction on %s", { timeout: 120_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "rights_correct");

  it("replaces the record in place: the old values (plain and sealed) are in no live row, the new ones read back; collection time, device and receipt stay", async (ctx) => {
    const f = fixture(ctx);
    const subject = await createSubject(f.db, "eu");
    const original = canaryRecord(band.AccountProfileRecordSchema, "profile", { deviceId: "dev-1", collectedAt: new Date(Date.UTC(2025, 5, 1)) });
    await f.records.insertBatch(subject, [original.record]);
    const old = [...original.sealedCanaries, ...original.plainMarkers];
    expect((await f.findInTables(old)).length).toBeGreaterThan(0);

    const fresh = canaryRecord(band.AccountProfileRecordSchema, "profile");
    const init = Object.fromEntries(Object.entries(fresh.stored).filter(([k]) => !k.startsWith("$")));
    const stored = await f.rights.correction.correct(subject, correction("profile", init));
    expect(await f.findInTables(old)).toEqual([]);
    expect((await f.findInTables([...fresh.sealedCanaries, ...fresh.plainMarkers])).length).toBeGreaterThan(0);
    expect(stored.collectedAt.getTime()).toBe(Date.UTC(2025, 5, 1));
    expect(stored.deviceId).toBe("dev-1");
    expect(stored.statement.consentReceiptId).toBe(original.record.statement.consentReceiptId);
    const back = (await f.records.get(subject, "profile"))!.message;
    expect(equals(band.AccountProfileRecordSchema, back as never, fresh.stored as never)).toBe(true);
  });

  it("refuses, changing nothing: an unknown record, another subject's record, another type, wider purposes, a missing statement, an empty correction", async (ctx) => {
    const f = fixture(ctx);
    const subject = await createSubject(f.db, "eu");
    const stranger = await createSubject(f.db, "eu");
    const original = canaryRecord(band.AccountProfileRecordSchema, "profile");
    await f.records.insertBatch(subject, [original.record]);
    // Stored for functionality only.
    const narrow = canaryRecord(band.FeedbackRecordSchema, "narrow");
    await f.records.insertBatch(subject, [{ ...narrow.record, statement: create(DataUseStatementSchema, { ...narrow.record.statement, purposes: [Purpose.FUNCTIONALITY] }) }]);
    const before = await f.snapshot();
    const valid = correction("profile", { dateOfBirth: "1990-01-01" });

    await expect(f.rights.correction.correct(subject, correction("missing", { dateOfBirth: "1990-01-01" }))).rejects.toMatchObject({ name: "RecordNotFoundError", code: "RECORD_NOT_FOUND" });
    await expect(f.rights.correction.correct(stranger, valid)).rejects.toMatchObject({ name: "RecordNotFoundError" });
    await expect(f.rights.correction.correct(subject, correction("profile", { feedbackText: "x" }, { schema: band.FeedbackRecordSchema as never }))).rejects.toMatchObject({
      name: "InvalidRightsRequestError",
      problem: "TYPE_CHANGED",
    });
    await expect(
      f.rights.correction.correct(subject, correction("narrow", { feedbackText: "x", crashLog: new Uint8Array([1]) }, { schema: band.FeedbackRecordSchema as never })),
    ).rejects.toMatchObject({ problem: "PURPOSES_WIDENED" });
    await expect(f.rights.correction.correct(subject, create(cloud.RecordSchema, { recordId: "profile", payload: new Uint8Array([1]) }))).rejects.toMatchObject({ name: "StatementError" });
    await expect(f.rights.correction.correct(subject, undefined)).rejects.toMatchObject({ problem: "MISSING" });
    await expect(f.rights.correction.correct(subject, create(cloud.RecordSchema, { ...valid, recordId: "" }))).rejects.toMatchObject({ problem: "MALFORMED_ID" });
    expect(await f.snapshot()).toEqual(before);
  });
});
