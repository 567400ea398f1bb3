import { planFor } from "@datapact/policy";
import { band, cloud, Purpose } from "@datapact/proto";
import { afterEach, describe, expect, it } from "vitest";
import { CloudCallError, CONSENT_MIRROR_KEY, PolicyDocumentError, ReceiptMismatchError } from "../src/index.js";
import { openTestApp, productPolicy, USER_TOKEN, type TestApp } from "./support/test-app.js";

const { FUNCTIONALITY, ANALYTICS, ADVERTISING } = Purpose;
const GENERAL = cloud.PolicyKind.GENERAL;
const PRODUCT = cloud.PolicyKind.PRODUCT;
const bandId = planFor(band.NotificationFrameSchema).productId;
const notificationFn = planFor(band.NotificationFrameSchema).fn;
const traceSwitch = planFor(band.TracePointSchema).ruleFor(2)!.uploadSwitch;

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

async function bandApp() {
  app = await openTestApp({ policies: [productPolicy(bandId, "band-1", [FUNCTIONALITY, ANALYTICS])] });
  return app;
}

describe("consent through the cloud", () => {
  it("records the cloud's receipt for exactly what was asked, as the user", async () => {
    await bandApp();
    const receipt = await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY]);
    const call = app.cloud.calls.find((c) => c.method === "GiveConsent")!;
    expect(call.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(call.request).toMatchObject({ productId: bandId, policyKind: PRODUCT, policyVersion: "band-1", purposes: [FUNCTIONALITY] });
    expect(receipt).toMatchObject({ kind: PRODUCT, productId: bandId, policyVersion: "band-1", purposes: [FUNCTIONALITY] });
    expect(app.sdk.consent.receipts().map((r) => r.receiptId)).toEqual([receipt.receiptId]);
  });

  it("records nothing when the cloud's receipt differs from the request", async () => {
    await bandApp();
    app.cloud.tamperReceipt = (r) => ({ ...r, purposes: [FUNCTIONALITY, ANALYTICS] });
    await expect(app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY])).rejects.toMatchObject({ field: "purposes" });
    app.cloud.tamperReceipt = (r) => ({ ...r, policyVersion: "band-0" });
    await expect(app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY])).rejects.toBeInstanceOf(ReceiptMismatchError);
    expect(app.sdk.consent.receipts()).toEqual([]);
  });

  it("refuses purposes the policy in force does not declare, before calling the cloud", async () => {
    await bandApp();
    await expect(app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [ADVERTISING])).rejects.toBeInstanceOf(PolicyDocumentError);
    await expect(app.sdk.consentCloud.giveConsent(PRODUCT, "no-such-product", [FUNCTIONALITY])).rejects.toMatchObject({ violation: "UNKNOWN_POLICY" });
    expect(app.cloud.calls.filter((c) => c.method === "GiveConsent")).toHaveLength(0);
  });

  it("cannot give consent while the cloud is unreachable (the receipt is the cloud's)", async () => {
    await bandApp();
    app.proxy.online = false;
    const err = await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudCallError);
    expect((err as CloudCallError).transient).toBe(true);
    expect(app.sdk.consent.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
  });

  it("withdraws locally at once while offline, and mirrors it, in order with later changes, after a restart", async () => {
    await bandApp();
    await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY]);
    await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY, ANALYTICS]);
    app.proxy.online = false;
    expect(await app.sdk.consentCloud.withdrawConsent(bandId, [ANALYTICS])).toEqual({ mirrored: false });
    expect(app.sdk.consent.allowsPurpose(bandId, ANALYTICS)).toBe(false);
    expect(await app.sdk.consentCloud.setFunction(bandId, notificationFn, true)).toEqual({ mirrored: false });
    expect(await app.sdk.consentCloud.setUploadSwitch(bandId, traceSwitch, false)).toEqual({ mirrored: false });
    await app.restart();
    expect(app.sdk.consentCloud.pending.map((op) => op.op)).toEqual(["withdraw", "function", "upload-switch"]);
    expect(app.sdk.consent.allowsPurpose(bandId, ANALYTICS)).toBe(false);
    app.proxy.online = true;
    expect(await app.sdk.consentCloud.retryPending()).toBe(0);
    const mirrored = app.cloud.calls.filter((c) => ["WithdrawConsent", "SetFunction", "SetUploadSwitch"].includes(c.method));
    expect(mirrored.map((c) => c.method)).toEqual(["WithdrawConsent", "SetFunction", "SetUploadSwitch"]);
    expect(mirrored[0]!.request).toMatchObject({ productId: bandId, purposes: [ANALYTICS] });
    expect(mirrored[1]!.request).toMatchObject({ productId: bandId, function: notificationFn, enabled: true });
    expect(mirrored[2]!.request).toMatchObject({ productId: bandId, uploadSwitch: traceSwitch, enabled: false });
    expect(mirrored.every((c) => c.headers.authorization === `Bearer ${USER_TOKEN}`)).toBe(true);
    expect(await app.storage.get(CONSENT_MIRROR_KEY)).toBeUndefined();
  });

  it("sends waiting changes before a new consent, so the cloud sees them in order", async () => {
    await bandApp();
    await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY]);
    await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY]);
    app.proxy.online = false;
    await app.sdk.consentCloud.withdrawConsent(bandId);
    app.proxy.online = true;
    await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY]);
    const order = app.cloud.calls.map((c) => c.method).filter((m) => m !== "Ingest");
    expect(order.slice(-2)).toEqual(["WithdrawConsent", "GiveConsent"]);
    expect(app.sdk.consent.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
  });
});
