import { cloud, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { createSubject } from "../../src/index.js";
import { WithdrawnProducts } from "../../src/rights/withdraw/withdrawn-products.js";
import { ConsentLedger, switchKey } from "../../src/services/consent/consent-ledger.js";
import { ENGINES, useEngine } from "../storage/engines.js";

describe.each(ENGINES)("ConsentLedger.recordsOf on %s", { timeout: 60_000 }, (engine) => {
  const database = useEngine(engine, "consentrecords");

  it("reads receipts in the order given, switches both ways, switched-off uploads and withdrawn products, of this subject only", async (ctx) => {
    const db = database(ctx);
    const ledger = new ConsentLedger(db);
    const subject = await createSubject(db, "eu");
    const other = await createSubject(db, "eu");
    const t = (minute: number) => new Date(Date.UTC(2026, 0, 15, 8, minute));
    const second = await ledger.give(subject, { kind: cloud.PolicyKind.PRODUCT, productId: "band", version: "v2", purposes: [Purpose.ANALYTICS, Purpose.FUNCTIONALITY] }, t(5));
    const first = await ledger.give(subject, { kind: cloud.PolicyKind.GENERAL, productId: "", version: "v1", purposes: [Purpose.FUNCTIONALITY] }, t(1));
    await ledger.give(other, { kind: cloud.PolicyKind.GENERAL, productId: "", version: "v1", purposes: [Purpose.ADVERTISING] }, t(2));
    await ledger.setFunction(subject, "band", "sleep_tracking", true, t(6));
    await ledger.setFunction(subject, "band", "heart_rate_monitoring", false, t(7));
    await ledger.setFunction(other, "band", "blood_oxygen", true, t(7));
    await ledger.setUploadSwitch(subject, "band", "upload_workouts", false, t(8));
    await ledger.setUploadSwitch(subject, "scale", "upload_results", true, t(8));
    await ledger.setUploadSwitch(other, "band", "upload_sleep", false, t(8));
    await db.query("insert into withdrawn_products (subject_id, product_id, withdrawn_at) values ($1, 'camera', $2), ($3, 'router', $2)", [subject, t(9).toISOString(), other]);

    const records = await ledger.recordsOf(subject);
    expect(records.receipts.map((r) => r.receiptId)).toEqual([first.receiptId, second.receiptId]);
    expect(records.receipts[1]).toEqual(second);
    expect([...records.enabledFunctions]).toEqual([switchKey("band", "sleep_tracking")]);
    expect([...records.disabledFunctions]).toEqual([switchKey("band", "heart_rate_monitoring")]);
    expect([...records.disabledUploads]).toEqual([switchKey("band", "upload_workouts")]);
    expect([...records.withdrawnProducts]).toEqual(["camera"]);
    // The same as the tables' own readers say.
    expect(records.receipts).toEqual(await ledger.list(subject));
    expect([...records.withdrawnProducts]).toEqual((await new WithdrawnProducts(db).of(subject)).map((w) => w.productId));

    const none = await ledger.recordsOf(await createSubject(db, "eu"));
    expect(none.receipts).toEqual([]);
    expect([none.enabledFunctions.size, none.disabledFunctions.size, none.disabledUploads.size, none.withdrawnProducts.size]).toEqual([0, 0, 0, 0]);
  });
});
