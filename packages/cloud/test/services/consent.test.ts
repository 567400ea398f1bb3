// ConsentService through the real server, and what its receipts let
// through: only the version in force, only the purposes given, the
// product's separate policy where there is one, and withdrawal at once.
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { band, cloud, Purpose, scale } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { REASON_HEADER } from "../../src/index.js";
import { codeOf, errorOf, recordOf, useCloud, type CloudFixture, type TestAccount } from "../server/cloud-fixture.js";

function weighing(receipt: string, policyVersion = "dev-1") {
  return recordOf(scale.WeighingMeasurementSchema, create(scale.WeighingMeasurementSchema, { weightKg: 71.2 }), receipt, { policyVersion });
}

function interaction(receipt: string) {
  return recordOf(band.ProductInteractionRecordSchema, create(band.ProductInteractionRecordSchema, { sessionDurationSeconds: 12 }), receipt);
}

async function reasonOf(f: CloudFixture, account: TestAccount, records: cloud.Record[]): Promise<[string, string | null]> {
  const err = await errorOf(f.client(cloud.SyncService, account.token).ingest({ records }));
  return [Code[err.code], err.metadata.get(REASON_HEADER)];
}

describe("ConsentService", { timeout: 120_000 }, () => {
  const cloudOf = useCloud("pglite", "consent");

  it("gives receipts only for the version in force and the purposes it asks", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const consent = f.client(cloud.ConsentService, account.token);
    const general = { policyKind: cloud.PolicyKind.GENERAL, productId: "", policyVersion: "dev-1", purposes: [Purpose.FUNCTIONALITY] };
    expect(await codeOf(consent.giveConsent({ ...general, policyVersion: "dev-0" }))).toBe(Code.FailedPrecondition);
    expect(await codeOf(consent.giveConsent({ ...general, purposes: [] }))).toBe(Code.InvalidArgument);
    expect(await codeOf(consent.giveConsent({ ...general, purposes: [Purpose.UNSPECIFIED] }))).toBe(Code.InvalidArgument);
    expect(await codeOf(consent.giveConsent({ ...general, productId: "band" }))).toBe(Code.InvalidArgument);
    expect(await codeOf(consent.giveConsent({ ...general, policyKind: cloud.PolicyKind.PRODUCT, productId: "band" }))).toBe(Code.FailedPrecondition);
    expect(await codeOf(consent.giveConsent({ ...general, policyKind: cloud.PolicyKind.PRODUCT, productId: "toaster" }))).toBe(Code.InvalidArgument);
    expect((await consent.listConsents({})).receipts).toEqual([]);
    const { receipt } = await consent.giveConsent(general);
    expect([receipt?.policyVersion, receipt?.purposes, receipt?.withdrawnAt]).toEqual(["dev-1", [Purpose.FUNCTIONALITY], undefined]);
    expect((await consent.listConsents({})).receipts.map((r) => r.receiptId)).toEqual([receipt!.receiptId]);
  });

  it("withdraws purposes at once: the rest of the receipt still counts", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const receipt = await f.consentToGeneral(account, [Purpose.FUNCTIONALITY, Purpose.ANALYTICS]);
    const sync = f.client(cloud.SyncService, account.token);
    await sync.ingest({ records: [interaction(receipt), weighing(receipt)] });
    const { withdrawn } = await f.client(cloud.ConsentService, account.token).withdrawConsent({ productId: "", purposes: [Purpose.ANALYTICS] });
    expect(withdrawn.map((r) => [r.receiptId, r.purposes, r.withdrawnAt])).toEqual([[receipt, [Purpose.FUNCTIONALITY], undefined]]);
    expect(await reasonOf(f, account, [interaction(receipt)])).toEqual(["PermissionDenied", "PURPOSE_NOT_CONSENTED"]);
    expect((await sync.ingest({ records: [weighing(receipt)] })).recordIds).toHaveLength(1);
  });

  it("withdrawing the general policy (the whole app) withdraws every receipt and erases the account with all its data", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const receipt = await f.consentToGeneral(account, [Purpose.FUNCTIONALITY, Purpose.ANALYTICS]);
    await f.client(cloud.SyncService, account.token).ingest({ records: [interaction(receipt), weighing(receipt)] });
    const bystander = await f.createAccount();
    const theirs = await f.consentToGeneral(bystander, [Purpose.FUNCTIONALITY]);
    await f.client(cloud.SyncService, bystander.token).ingest({ records: [weighing(theirs)] });
    const { withdrawn } = await f.client(cloud.ConsentService, account.token).withdrawConsent({ productId: "" });
    expect(withdrawn.map((r) => [r.receiptId, r.withdrawnAt !== undefined])).toEqual([[receipt, true]]);
    await f.settleDeletions();
    const left = async (table: string, subjectId: string) =>
      (await f.db.query<{ n: number }>(`select count(*)::int as n from ${table} where subject_id = $1`, [subjectId])).rows[0]!.n;
    for (const table of ["subjects", "records", "consent_receipts"]) expect(await left(table, account.accountId), table).toBe(0);
    // The account is gone: its token no longer signs anyone in.
    expect(await codeOf(f.client(cloud.ConsentService, account.token).listConsents({}))).toBe(Code.Unauthenticated);
    // Nobody else's data is touched.
    expect(await left("records", bystander.accountId)).toBe(1);
    expect((await f.client(cloud.ConsentService, bystander.token).listConsents({})).receipts).toHaveLength(1);
  });

  it("knows only the pact's functions and upload switches", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const consent = f.client(cloud.ConsentService, account.token);
    expect(await codeOf(consent.setFunction({ productId: "band", function: "mind_reading", enabled: true }))).toBe(Code.InvalidArgument);
    expect(await codeOf(consent.setUploadSwitch({ productId: "band", uploadSwitch: "upload_thoughts", enabled: false }))).toBe(Code.InvalidArgument);
    await consent.setFunction({ productId: "band", function: "female_health", enabled: true });
    await consent.setUploadSwitch({ productId: "band", uploadSwitch: "upload_workout_traces", enabled: false });
    const { rows } = await f.db.query<{ n: number }>("select count(*)::int as n from function_switches where subject_id = $1 and enabled", [account.accountId]);
    expect(rows[0]!.n).toBe(1);
  });

  it("takes no records of a product whose authorization was revoked until consent to it is given again", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const receipt = await f.consentToGeneral(account);
    // What the data-rights engine's "Revoke authorization" marks, before its deletion job runs.
    await f.db.query("insert into withdrawn_products (subject_id, product_id, withdrawn_at) values ($1, 'band', now())", [account.accountId]);
    const before = await f.snapshot();
    expect(await reasonOf(f, account, [interaction(receipt)])).toEqual(["PermissionDenied", "CONSENT_WITHDRAWN"]);
    expect(await f.snapshot()).toEqual(before);
    // The band is governed by the general policy: consent to it again is given under that policy's version.
    const consent = f.client(cloud.ConsentService, account.token);
    const { receipt: again } = await consent.giveConsent({ policyKind: cloud.PolicyKind.PRODUCT, productId: "band", policyVersion: "dev-1", purposes: [Purpose.ANALYTICS] });
    expect([again?.policyKind, again?.productId]).toEqual([cloud.PolicyKind.PRODUCT, "band"]);
    expect((await f.client(cloud.SyncService, account.token).ingest({ records: [interaction(receipt)] })).recordIds).toHaveLength(1);
    // Without a revocation, a product with no policy of its own takes no receipt of its own.
    expect(await codeOf(consent.giveConsent({ policyKind: cloud.PolicyKind.PRODUCT, productId: "band", policyVersion: "dev-1", purposes: [Purpose.ANALYTICS] }))).toBe(
      Code.FailedPrecondition,
    );
  });

  // Last: publishing a product's separate policy changes which receipt governs that product on this server.
  it("lets a product's separate policy govern its records, and withdrawing the general policy withdraw it too", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const general = await f.consentToGeneral(account);
    f.server.publishPolicy({ kind: cloud.PolicyKind.PRODUCT, productId: "scale", version: "scale-1", purposes: [Purpose.FUNCTIONALITY] });
    expect(await reasonOf(f, account, [weighing(general)])).toEqual(["PermissionDenied", "RECEIPT_SCOPE_MISMATCH"]);
    const consent = f.client(cloud.ConsentService, account.token);
    expect(
      await codeOf(consent.giveConsent({ policyKind: cloud.PolicyKind.PRODUCT, productId: "scale", policyVersion: "scale-1", purposes: [Purpose.ANALYTICS] })),
    ).toBe(Code.InvalidArgument);
    const { receipt } = await consent.giveConsent({ policyKind: cloud.PolicyKind.PRODUCT, productId: "scale", policyVersion: "scale-1", purposes: [Purpose.FUNCTIONALITY] });
    expect(await reasonOf(f, account, [weighing(receipt!.receiptId)])).toEqual(["PermissionDenied", "POLICY_VERSION_NOT_CURRENT"]);
    expect((await f.client(cloud.SyncService, account.token).ingest({ records: [weighing(receipt!.receiptId, "scale-1")] })).recordIds).toHaveLength(1);
    const { withdrawn } = await consent.withdrawConsent({ productId: "" });
    expect(withdrawn.map((r) => r.receiptId).sort()).toEqual([general, receipt!.receiptId].sort());
    // Collection stops with the request, before the account's erasure has run.
    expect(withdrawn.every((r) => r.withdrawnAt !== undefined)).toBe(true);
    await f.settleDeletions();
    expect(await codeOf(f.client(cloud.SyncService, account.token).ingest({ records: [weighing(receipt!.receiptId, "scale-1")] }))).toBe(Code.Unauthenticated);
  });
});
