import { create } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";
import { band, cloud, IdentificationQualifier, Purpose, wear } from "@datapact/proto";
import { afterEach, describe, expect, it } from "vitest";
import { ANALYTICS_OUTBOX_PREFIX, CONSENT_STATE_KEY, EXPERIENCE_PLAN_KEY, INSTALL_TOKEN_HEADER } from "../src/index.js";
import { canary, directoryBytes, holds } from "./support/canary.js";
import { openTestApp, productPolicy, USER_TOKEN, type TestApp } from "./support/test-app.js";

const { FUNCTIONALITY, ANALYTICS } = Purpose;
const GENERAL = cloud.PolicyKind.GENERAL;
const PRODUCT = cloud.PolicyKind.PRODUCT;
const bandId = planFor(band.ProductInteractionRecordSchema).productId;
const wearId = planFor(wear.ProductInteractionEventSchema).productId;

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

async function consentingApp() {
  app = await openTestApp({
    policies: [productPolicy(bandId, "band-1", [FUNCTIONALITY, ANALYTICS]), productPolicy(wearId, "wear-1", [FUNCTIONALITY, ANALYTICS])],
  });
  await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY, ANALYTICS]);
  await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY, ANALYTICS]);
  await app.sdk.consentCloud.giveConsent(PRODUCT, wearId, [FUNCTIONALITY, ANALYTICS]);
  return app;
}

const interaction = (screen: string) =>
  create(band.ProductInteractionRecordSchema, { appVersion: "3.1", sessionDurationSeconds: 42, events: [{ screen, kind: band.InteractionKind.CLICK }] });

describe("UXIP: the user experience improvement plan", () => {
  it("collects nothing before the user joins, not even for later", async () => {
    await consentingApp();
    const screen = canary("screen");
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction(screen))).status).toBe("not-collected");
    await app.sdk.uxip.optIn();
    await app.sdk.analytics.flush();
    expect(app.cloud.records).toHaveLength(0);
    expect(holds(app.proxy.sent(), screen)).toBe(false);
    expect(holds(await directoryBytes(app.dir), screen)).toBe(false);
  });

  it("sends analytics with the install token only: its own door, no user token, no device id, a pseudonymized analytics statement", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const token = app.sdk.uxip.installToken!;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const out = await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction("home"));
    expect(out.status).toBe("sent");
    const [got] = app.cloud.records;
    expect(got?.door).toBe("analytics");
    expect(got?.headers[INSTALL_TOKEN_HEADER]).toBe(token);
    expect(got?.headers.authorization).toBeUndefined();
    expect(got?.headers.cookie).toBeUndefined();
    expect(got?.record.deviceId).toBe("");
    expect(got?.record.statement).toMatchObject({ purposes: [ANALYTICS], qualifier: IdentificationQualifier.PSEUDONYMIZED, consentReceiptId: app.sdk.uxip.receiptId });
    // The enrolment id is not any receipt the account holds.
    expect(app.sdk.consent.receipts().map((r) => r.receiptId)).not.toContain(got?.record.statement?.consentReceiptId);
    // No account call ever carried the install token.
    expect(app.cloud.calls.filter((c) => c.door === "account").some((c) => JSON.stringify(c.headers).includes(token))).toBe(false);
  });

  it("never sends analytics on a connection that carried an account call", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    for (let i = 0; i < 3; i++) {
      await app.sdk.sync.send(band.DailyActivitySummarySchema, create(band.DailyActivitySummarySchema, { date: `2026-01-0${i + 1}`, steps: 10 }));
      expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction(`s${i}`))).status).toBe("sent");
    }
    const ports = (door: string) => new Set(app.cloud.connections.filter((c) => c.door === door).map((c) => c.remotePort));
    const accountPorts = ports("account");
    expect(accountPorts.size).toBeGreaterThan(0);
    expect([...ports("analytics")].filter((p) => accountPorts.has(p))).toEqual([]);
    // Analytics batches do not share a connection with each other either.
    expect(ports("analytics").size).toBe(3);
  });

  it("drops identifiers of the account and the device from analytics", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const account = canary("account");
    const feedback = create(band.FeedbackRecordSchema, { miAccountId: account, feedbackText: "x", crashLog: new Uint8Array([1]) });
    const out = await app.sdk.analytics.record(band.FeedbackRecordSchema, feedback);
    expect(out.status).toBe("nothing-to-send");
    expect(out.dropped).toContainEqual({ path: "mi_account_id", reason: "NOT_FOR_PURPOSE" });
    expect(out.dropped).toContainEqual({ path: "crash_log", reason: "TOO_IDENTIFYING" });
    const profile = create(band.AccountProfileRecordSchema, { miAccountId: account, emailAddress: account });
    expect((await app.sdk.analytics.record(band.AccountProfileRecordSchema, profile)).status).toBe("nothing-to-send");
    expect(holds(app.proxy.sent(), account)).toBe(false);
  });

  it("needs the product's own consent to analytics as well", async () => {
    app = await openTestApp({ policies: [productPolicy(bandId, "band-1", [FUNCTIONALITY, ANALYTICS])] });
    await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY, ANALYTICS]);
    await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY]);
    await app.sdk.uxip.optIn();
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction("home"))).status).toBe("nothing-to-send");
  });

  it("keeps an analytics function that is off by default off until it is turned on", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const event = create(wear.ProductInteractionEventSchema, { feature: "workout_history", usageSeconds: 60 });
    expect((await app.sdk.analytics.record(wear.ProductInteractionEventSchema, event)).status).toBe("nothing-to-send");
    await app.sdk.consentCloud.setFunction(wearId, planFor(wear.ProductInteractionEventSchema).fn, true);
    // The event's fields are stored encrypted at the app tier; it goes straight out.
    expect((await app.sdk.analytics.record(wear.ProductInteractionEventSchema, event)).status).toBe("sent");
  });

  it("opting out stops analytics at once: queued ones are dropped, the token is forgotten, a new one comes with a new opt-in", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const oldToken = app.sdk.uxip.installToken!;
    app.proxy.online = false;
    const screen = canary("screen");
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction(screen))).status).toBe("queued");
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction(screen))).status).toBe("queued");
    expect(holds(await directoryBytes(app.dir), oldToken)).toBe(true);
    await app.sdk.uxip.optOut();
    expect(app.sdk.uxip.installToken).toBeUndefined();
    expect(await app.sdk.analytics.pending()).toBe(0);
    expect(await app.storage.keys(ANALYTICS_OUTBOX_PREFIX)).toEqual([]);
    const stored = await directoryBytes(app.dir);
    expect(holds(stored, screen)).toBe(false);
    // The old token stays only while the cloud has not erased what it collected.
    expect(app.sdk.uxip.erasurePending).toEqual([oldToken]);
    app.proxy.online = true;
    expect(await app.sdk.installErasure.flush()).toBe(0);
    expect(holds(await directoryBytes(app.dir), oldToken)).toBe(false);
    expect(await app.sdk.analytics.flush()).toBe(0);
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction("after"))).status).toBe("not-collected");
    expect(app.cloud.records).toHaveLength(0);
    await app.sdk.uxip.optIn();
    expect(app.sdk.uxip.installToken).not.toBe(oldToken);
  });

  it("keeps the token apart from the account: its own storage value, and the user token is stored nowhere", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const token = app.sdk.uxip.installToken!;
    expect(new TextDecoder().decode(await app.storage.get(EXPERIENCE_PLAN_KEY))).toContain(token);
    expect(new TextDecoder().decode(await app.storage.get(CONSENT_STATE_KEY))).not.toContain(token);
    expect(holds(await directoryBytes(app.dir), USER_TOKEN)).toBe(false);
  });

  it("survives a restart enrolled with the same token, and leaves the plan when the general policy is withdrawn", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const token = app.sdk.uxip.installToken;
    await app.restart();
    expect(app.sdk.uxip.installToken).toBe(token);
    await app.sdk.consentCloud.withdrawConsent("");
    expect(app.sdk.uxip.optedIn).toBe(false);
    await app.sdk.installErasure.flush();
    expect(holds(await directoryBytes(app.dir), token!)).toBe(false);
  });

  it("leaving asks the cloud, under the install token alone, to erase what the token collected; then the token is forgotten", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const token = app.sdk.uxip.installToken!;
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction("home"))).status).toBe("sent");
    await app.sdk.uxip.optOut();
    expect(await app.sdk.installErasure.flush()).toBe(0);
    const erasures = app.cloud.calls.filter((c) => c.method === "DeleteData");
    expect(erasures.map((c) => [c.door, c.headers[INSTALL_TOKEN_HEADER], c.headers.authorization])).toEqual([["analytics", token, undefined]]);
    expect(app.sdk.uxip.erasurePending).toEqual([]);
    expect(holds(await directoryBytes(app.dir), token)).toBe(false);
    expect(app.events.filter((e) => e.kind === "install-data-erased")).toHaveLength(1);
  });

  it("leaving while the cloud is unreachable keeps the erasure pending, across a restart, until the cloud confirms it", async () => {
    await consentingApp();
    await app.sdk.uxip.optIn();
    const token = app.sdk.uxip.installToken!;
    app.proxy.online = false;
    await app.sdk.uxip.optOut();
    expect(await app.sdk.installErasure.flush()).toBe(1);
    // Kept for the erasure request only: nothing can be sent under it.
    expect(app.sdk.uxip.installToken).toBeUndefined();
    expect(app.sdk.uxip.erasurePending).toEqual([token]);
    expect((await app.sdk.analytics.record(band.ProductInteractionRecordSchema, interaction("home"))).status).toBe("not-collected");
    await app.restart();
    expect(app.sdk.uxip.erasurePending).toEqual([token]);
    app.proxy.online = true;
    expect(await app.sdk.installErasure.flush()).toBe(0);
    expect(app.cloud.calls.filter((c) => c.method === "DeleteData").map((c) => c.headers[INSTALL_TOKEN_HEADER])).toContain(token);
    expect(holds(await directoryBytes(app.dir), token)).toBe(false);
    expect(app.cloud.records).toHaveLength(0);
  });

  it("withdrawing the whole app forgets the user's receipts and switches on the phone, and tells the cloud, which erases the account", async () => {
    await consentingApp();
    await app.sdk.consentCloud.setUploadSwitch(bandId, "workout_trace", false).catch(() => undefined);
    await app.sdk.uxip.optIn();
    const receiptIds = app.sdk.consent.receipts().map((r) => r.receiptId);
    expect(receiptIds.length).toBeGreaterThan(0);
    const outcome = await app.sdk.consentCloud.withdrawConsent("");
    expect(outcome.mirrored).toBe(true);
    expect(app.cloud.calls.filter((c) => c.method === "WithdrawConsent").map((c) => (c.request as cloud.WithdrawConsentRequest).productId)).toEqual([""]);
    expect(app.sdk.consent.receipts()).toEqual([]);
    expect(app.sdk.consent.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    // The policies in force are the app's, not the user's: still known, so the user can consent again.
    expect(app.sdk.consent.policyInForce(GENERAL)).toBeDefined();
    await app.sdk.installErasure.flush();
    const disk = await directoryBytes(app.dir);
    for (const id of receiptIds) expect(holds(disk, id), id).toBe(false);
    await app.restart();
    expect(app.sdk.consent.receipts()).toEqual([]);
  });
});
