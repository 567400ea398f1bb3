// The outbox reads its entries back from storage: whatever bytes it finds
// there, a flush drops what does not decode (reporting it) and sends nothing
// of it; it never crashes and never stops the queue.
import { create, toBinary } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { planFor } from "@datapact/policy";
import { band, cloud, DataUseStatementSchema, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_OUTBOX_PREFIX } from "../src/index.js";
import { openTestApp, type TestApp } from "./support/test-app.js";

let app: TestApp;
let toggle = false;
const notificationProduct = planFor(band.NotificationFrameSchema).productId;
const notificationFn = planFor(band.NotificationFrameSchema).fn;
beforeAll(async () => {
  app = await openTestApp({ backgroundFlush: false });
  await app.sdk.consentCloud.giveConsent(cloud.PolicyKind.GENERAL, "", [Purpose.FUNCTIONALITY]);
});
afterAll(async () => {
  await app.close();
});

const entryBytes = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  // Well-formed envelopes around garbage payloads, naming a real or an unknown type.
  fc
    .record({
      payload: fc.uint8Array({ maxLength: 40 }),
      messageType: fc.constantFrom(
        band.DailyActivitySummarySchema.typeName,
        band.NotificationFrameSchema.typeName,
        band.BankCardVerificationSchema.typeName,
        "no.such.Type",
        "",
      ),
    })
    .map(({ payload, messageType }) =>
      toBinary(cloud.RecordSchema, create(cloud.RecordSchema, { recordId: "fuzz", payload, statement: create(DataUseStatementSchema, { messageType }) })),
    ),
);

describe("outbox entries read back from storage", () => {
  it("are dropped or sent validly, never crash a flush, and leave the queue empty (fuzz)", async () => {
    await fc.assert(
      fc.asyncProperty(entryBytes, async (bytes) => {
        const before = app.cloud.records.length;
        await app.storage.set(`${ACCOUNT_OUTBOX_PREFIX}0000000000000001`, bytes);
        expect(await app.sdk.sync.flush()).toBe(0);
        // A consent change re-projects what is queued: that must not trip on stored bytes either.
        await app.storage.set(`${ACCOUNT_OUTBOX_PREFIX}0000000000000002`, bytes);
        await app.sdk.consentCloud.setFunction(notificationProduct, notificationFn, (toggle = !toggle));
        await app.sdk.sync.flush();
        expect(await app.storage.keys(ACCOUNT_OUTBOX_PREFIX)).toEqual([]);
        // Anything that did go out passed the cloud-side statement check in the test server.
        for (const r of app.cloud.records.slice(before)) expect(r.record.statement?.messageType).toBe(band.DailyActivitySummarySchema.typeName);
        expect(app.events.filter((e) => e.kind === "rejected")).toEqual([]);
      }),
      replayable("outbox entries from storage", 150),
    );
  });
});

describe("a tampered outbox entry holding a third-party-direct value", () => {
  it("is dropped as corrupt; the flush goes on", async () => {
    const payload = toBinary(band.BankCardVerificationSchema, create(band.BankCardVerificationSchema, { cardNumber: "4111111111111111" }));
    const statement = create(DataUseStatementSchema, { messageType: band.BankCardVerificationSchema.typeName });
    await app.storage.set(`${ACCOUNT_OUTBOX_PREFIX}0000000000000003`, toBinary(cloud.RecordSchema, create(cloud.RecordSchema, { recordId: "tampered", payload, statement })));
    expect(await app.sdk.sync.flush()).toBe(0);
    expect(app.events).toContainEqual({ kind: "dropped", outbox: "account", recordId: "tampered", reason: "CORRUPT" });
  });
});
