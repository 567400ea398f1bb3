// Fuzz of what the data-rights engine parses: random Record envelopes for a
// correction (random bytes as payload, random or wrong statements, ids of
// every shape) and random job ids and product names. Every refusal is a
// typed error (a name and a code), never a crash, and nothing stored
// changes.
import { create } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { PolicyError } from "@datapact/policy";
import { cloud, DataUseStatementSchema } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StorageError, type DatabaseKind } from "../../src/index.js";
import { DataRightsError } from "../../src/rights/index.js";
import { ENGINES } from "../storage/engines.js";
import { useRights } from "./rights-fixture.js";

function typed(err: unknown): boolean {
  return (err instanceof DataRightsError || err instanceof PolicyError || err instanceof StorageError) && typeof (err as { code?: unknown }).code === "string";
}

describe.each(ENGINES)("bad input to the data-rights engine on %s", { timeout: 300_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "rights_fuzz");

  it("property: random corrections, job ids and product names are refused with typed errors and change nothing", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const types = [...f.registry].filter((t) => t.kind === "message").map((t) => t.typeName);
    const recordIds = s.records.map((r) => r.record.recordId);
    const before = await f.snapshot();
    const params = replayable(`data-rights bad input on ${engine}`, engine === "pglite" ? 300 : 100);
    const statement = fc.record({
      messageType: fc.oneof(fc.constantFrom(...types), fc.string()),
      productId: fc.oneof(fc.constantFrom("band", "home", "camera", ""), fc.string()),
      purposes: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 4 }),
      qualifier: fc.integer({ min: 0, max: 6 }),
      policyVersion: fc.string({ maxLength: 8 }),
      consentReceiptId: fc.string({ maxLength: 8 }),
    });
    const record = fc.record({
      recordId: fc.oneof(fc.constantFrom(...recordIds, "missing"), fc.string({ maxLength: 300 })),
      payload: fc.uint8Array({ maxLength: 64 }),
      statement: fc.option(statement, { nil: undefined }),
      deviceId: fc.string({ maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(record, fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), async (r, jobId, productId) => {
        const envelope = create(cloud.RecordSchema, { recordId: r.recordId, payload: r.payload, deviceId: r.deviceId, statement: r.statement && create(DataUseStatementSchema, r.statement as never) });
        // A random envelope may by chance be a valid correction of an existing record; anything else must be refused.
        await f.rights.correction.correct(s.subjectId, envelope).then(
          () => expect(recordIds).toContain(r.recordId),
          (err: unknown) => expect(typed(err), String((err as Error)?.name)).toBe(true),
        );
        await f.rights.deletions.jobOf(s.subjectId, jobId).then(
          () => expect.unreachable("a random job id named a job"),
          (err: unknown) => expect(typed(err)).toBe(true),
        );
        if (!["band", "home", "camera", "wear", "router", "scale", "scooter", "vacuum", "platform", ""].includes(productId)) {
          await f.rights.deletions.requestDeletion(s.subjectId, productId).then(
            () => expect.unreachable("an unknown product opened a job"),
            (err: unknown) => expect(err).toMatchObject({ code: "UNKNOWN_PRODUCT" }),
          );
        }
      }),
      params,
    );
    const after = await f.snapshot();
    // Only a valid correction could have changed a record; every other table is as it was.
    for (const table of Object.keys(before)) if (table !== "records" && table !== "subject_keys") expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    expect(after.deletion_jobs).toBe(before.deletion_jobs);
  });
});
