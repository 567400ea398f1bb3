// Withdrawing consent through ConsentService also erases what it covered
// (000 §05 "Withdraw consent"; decision 0011): a product's consent takes that
// product's stored records with it, and nothing of another product.
import { create } from "@bufbuild/protobuf";
import { band, cloud, Purpose, scale } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { recordOf, useCloud } from "../server/cloud-fixture.js";

describe("withdrawing consent erases what it covered", { timeout: 120_000 }, () => {
  const cloudOf = useCloud("pglite", "withdrawal_erases");

  it("withdrawing a product's consent erases that product's records, and only those", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const receipt = await f.consentToGeneral(account, [Purpose.FUNCTIONALITY, Purpose.ANALYTICS]);
    const sync = f.client(cloud.SyncService, account.token);
    await sync.ingest({
      records: [
        recordOf(scale.WeighingMeasurementSchema, create(scale.WeighingMeasurementSchema, { weightKg: 71.2 }), receipt),
        recordOf(band.ProductInteractionRecordSchema, create(band.ProductInteractionRecordSchema, { sessionDurationSeconds: 12 }), receipt),
      ],
    });
    const products = async () =>
      (await f.db.query<{ product_id: string }>("select product_id from records where subject_id = $1 order by product_id", [account.accountId])).rows.map((r) => r.product_id);
    expect(await products()).toEqual(["band", "scale"]);

    await f.client(cloud.ConsentService, account.token).withdrawConsent({ productId: "band" });
    // The erasure is a durable job started by the withdrawal; wait for it to finish.
    for (let i = 0; i < 100 && (await products()).includes("band"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await products()).toEqual(["scale"]);
  });
});
