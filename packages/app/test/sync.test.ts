import { create, fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { planFor, setLeaves, ThirdPartyDirectValueError, validateStatement } from "@datapact/policy";
import { band, cloud, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_OUTBOX_PREFIX, CloudCallError } from "../src/index.js";
import { canary, directoryBytes, holds } from "./support/canary.js";
import { openTestApp, productPolicy, USER_TOKEN, type TestApp } from "./support/test-app.js";
import { Code } from "@connectrpc/connect";

const { FUNCTIONALITY, ANALYTICS } = Purpose;
const GENERAL = cloud.PolicyKind.GENERAL;
const PRODUCT = cloud.PolicyKind.PRODUCT;
const bandId = planFor(band.DailyActivitySummarySchema).productId;

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

async function bandApp(options: { encryptionKey?: Uint8Array; retryMs?: number; bandPurposes?: Purpose[] } = {}) {
  app = await openTestApp({ ...options, policies: [productPolicy(bandId, "band-1", [FUNCTIONALITY, ANALYTICS])] });
  await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY, ANALYTICS]);
  await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, options.bandPurposes ?? [FUNCTIONALITY]);
  return app;
}

/** Names of the leaves set in the payload the cloud received. */
function setFields(schema: DescMessage, payload: Uint8Array): string[] {
  return [...setLeaves(planFor(schema), fromBinary(schema, payload))].map((r) => r.field.name).sort();
}

const activity = (date: string) => create(band.DailyActivitySummarySchema, { date, steps: 4200, caloriesKcal: 180 });

describe("sync: what crosses app->cloud", () => {
  it("sends each record as the user, in a cloud.Record whose statement validates against the payload", async () => {
    await bandApp();
    const out = await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-03-01"), { deviceId: "dev-1" });
    expect(out.status).toBe("sent");
    const [got] = app.cloud.records;
    expect(got?.door).toBe("account");
    expect(got?.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    const statement = got!.record.statement!;
    expect(() => validateStatement(band.DailyActivitySummarySchema, got!.validated.message as never, statement)).not.toThrow();
    const governing = app.sdk.consent.governingReceipt(bandId)!;
    expect([statement.consentReceiptId, statement.policyVersion, statement.purposes]).toEqual([governing.receipt.receiptId, "band-1", [FUNCTIONALITY]]);
    expect(got!.record.deviceId).toBe("dev-1");
    expect(got!.record.recordId).toBe(out.recordId);
  });

  it("never sends a purpose the user has not consented to", async () => {
    await bandApp();
    const crash = canary("crash-log");
    const feedback = create(band.FeedbackRecordSchema, { miAccountId: "acct-1", feedbackText: "strap broke", crashLog: new TextEncoder().encode(crash) });
    const out = await app.sdk.sync.send(band.FeedbackRecordSchema, feedback);
    expect(out.dropped).toContainEqual({ path: "crash_log", reason: "NO_CONSENT" });
    const got = app.cloud.records[0]!;
    expect(got.record.statement!.purposes).toEqual([FUNCTIONALITY]);
    expect(setFields(band.FeedbackRecordSchema, got.record.payload)).toEqual(["feedback_text", "mi_account_id"]);
    expect(holds(app.proxy.sent(), crash)).toBe(false);
  });

  it("never sends or stores a display-only value, online or offline", async () => {
    await bandApp();
    const fn = planFor(band.NotificationFrameSchema).fn;
    await app.sdk.consentCloud.setFunction(bandId, fn, true);
    const title = canary("notification-title");
    const frame = create(band.NotificationFrameSchema, { title, body: title, callerName: title, sourceApp: "sms" });
    expect((await app.sdk.sync.send(band.NotificationFrameSchema, frame)).status).toBe("nothing-to-send");
    app.proxy.online = false;
    expect((await app.sdk.sync.send(band.NotificationFrameSchema, frame)).status).toBe("nothing-to-send");
    expect(app.cloud.records).toHaveLength(0);
    expect(holds(app.proxy.sent(), title)).toBe(false);
    expect(holds(await directoryBytes(app.dir), title)).toBe(false);
  });

  it("refuses a value the bank collects directly, and keeps nothing of it", async () => {
    await bandApp();
    const card = canary("card-number");
    const verification = create(band.BankCardVerificationSchema, { cardNumber: card });
    await expect(app.sdk.sync.send(band.BankCardVerificationSchema, verification)).rejects.toBeInstanceOf(ThirdPartyDirectValueError);
    await expect(app.sdk.sync.send(band.BankCardVerificationSchema, verification)).rejects.not.toThrow(card);
    expect(holds(app.proxy.sent(), card)).toBe(false);
    expect(holds(await directoryBytes(app.dir), card)).toBe(false);
  });

  it("keeps a function that is off by default silent until the user turns it on", async () => {
    await bandApp();
    const sample = create(band.BloodOxygenSampleSchema, { saturationPercent: 97 });
    expect((await app.sdk.sync.send(band.BloodOxygenSampleSchema, sample)).status).toBe("nothing-to-send");
    await app.sdk.consentCloud.setFunction(bandId, planFor(band.BloodOxygenSampleSchema).fn, true);
    expect((await app.sdk.sync.send(band.BloodOxygenSampleSchema, sample)).status).toBe("sent");
    expect(app.cloud.calls.find((c) => c.method === "SetFunction")?.request).toMatchObject({ productId: bandId, enabled: true });
  });

  it("keeps workout traces on the phone while their upload switch is off", async () => {
    await bandApp();
    const uploadSwitch = planFor(band.TracePointSchema).ruleFor(2)!.uploadSwitch;
    const point = create(band.TracePointSchema, { latitude: 48.8566, longitude: 2.3522 });
    await app.sdk.consentCloud.setUploadSwitch(bandId, uploadSwitch, false);
    const off = await app.sdk.sync.send(band.TracePointSchema, point);
    expect(off.status).toBe("nothing-to-send");
    expect(off.dropped.map((d) => d.reason)).toEqual(["UPLOAD_SWITCH_OFF", "UPLOAD_SWITCH_OFF"]);
    await app.sdk.consentCloud.setUploadSwitch(bandId, uploadSwitch, true);
    expect((await app.sdk.sync.send(band.TracePointSchema, point)).status).toBe("sent");
    expect(setFields(band.TracePointSchema, app.cloud.records[0]!.record.payload)).toEqual(["latitude", "longitude"]);
  });

  it("never lets pseudonymized analytics travel with the account", async () => {
    await bandApp({ bandPurposes: [FUNCTIONALITY, ANALYTICS] });
    const instance = canary("app-instance");
    const interaction = create(band.ProductInteractionRecordSchema, { appInstanceId: instance, appVersion: "1.0", sessionDurationSeconds: 30 });
    const out = await app.sdk.sync.send(band.ProductInteractionRecordSchema, interaction);
    expect(out.status).toBe("nothing-to-send");
    expect(out.dropped).toContainEqual({ path: "app_instance_id", reason: "NOT_IDENTIFIED" });
    expect(holds(app.proxy.sent(), instance)).toBe(false);
  });

  it("sends nothing the cloud refuses twice: a refused record throws and is not queued", async () => {
    await bandApp();
    app.cloud.ingestFailure = Code.PermissionDenied;
    const err = await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-03-02")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudCallError);
    expect(err).toMatchObject({ transient: false, connectCode: Code.PermissionDenied });
    expect(await app.sdk.sync.pending()).toBe(0);
  });
});

describe("sync: the offline queue", () => {
  it("queues while the cloud is unreachable, survives a restart, and flushes in order", async () => {
    await bandApp();
    app.proxy.online = false;
    const dates = ["2026-04-01", "2026-04-02", "2026-04-03"];
    for (const d of dates) expect((await app.sdk.sync.send(band.DailyActivitySummarySchema, activity(d))).status).toBe("queued");
    expect(await app.sdk.sync.pending()).toBe(3);
    await app.restart();
    expect(await app.sdk.sync.pending()).toBe(3);
    expect(app.sdk.consent.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
    app.proxy.online = true;
    expect(await app.sdk.sync.flush()).toBe(0);
    const received = app.cloud.records.map((r) => (r.validated.message as band.DailyActivitySummary).date);
    expect(received).toEqual(dates);
    for (const r of app.cloud.records) expect(r.record.statement!.consentReceiptId).toBe(app.sdk.consent.governingReceipt(bandId)!.receipt.receiptId);
    expect(await app.storage.keys(ACCOUNT_OUTBOX_PREFIX)).toEqual([]);
  });

  it("retries on its own with backoff once the cloud is back", async () => {
    await bandApp({ retryMs: 30 });
    app.proxy.online = false;
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-05-01"));
    await new Promise((r) => setTimeout(r, 100));
    expect(app.events.some((e) => e.kind === "retry-scheduled")).toBe(true);
    app.proxy.online = true;
    const deadline = Date.now() + 5_000;
    while (app.cloud.records.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(app.cloud.records).toHaveLength(1);
  });

  it("queues on a plain store only what the pact lets the app tier keep unencrypted", async () => {
    await bandApp();
    app.proxy.online = false;
    const email = canary("email");
    const profile = create(band.AccountProfileRecordSchema, { miAccountId: "acct-7", emailAddress: email });
    expect((await app.sdk.sync.send(band.AccountProfileRecordSchema, profile)).status).toBe("queued");
    const beats = create(band.HeartRateSampleSchema, { beatsPerMinute: 61 });
    // Every heart-rate field is stored encrypted at the app tier: nothing of it may be queued in the clear.
    expect((await app.sdk.sync.send(band.HeartRateSampleSchema, beats)).status).toBe("not-queued");
    expect(holds(await directoryBytes(app.dir), email)).toBe(false);
    app.proxy.online = true;
    await app.sdk.sync.flush();
    expect(setFields(band.AccountProfileRecordSchema, app.cloud.records[0]!.record.payload)).toEqual(["mi_account_id"]);
  });

  it("queues everything on an encrypted store, and never in the clear", async () => {
    await bandApp({ encryptionKey: randomBytes(32) });
    app.proxy.online = false;
    const email = canary("email");
    await app.sdk.sync.send(band.AccountProfileRecordSchema, create(band.AccountProfileRecordSchema, { miAccountId: "acct-7", emailAddress: email }));
    expect((await app.sdk.sync.send(band.HeartRateSampleSchema, create(band.HeartRateSampleSchema, { beatsPerMinute: 61 }))).status).toBe("queued");
    expect(holds(await directoryBytes(app.dir), email)).toBe(false);
    await app.restart();
    app.proxy.online = true;
    await app.sdk.sync.flush();
    expect(app.cloud.records.map((r) => r.record.statement!.messageType)).toEqual([band.AccountProfileRecordSchema.typeName, band.HeartRateSampleSchema.typeName]);
    expect((app.cloud.records[0]!.validated.message as band.AccountProfileRecord).emailAddress).toBe(email);
  });

  it("drops queued records at once when consent is withdrawn, and sends nothing of them later", async () => {
    await bandApp({ bandPurposes: [FUNCTIONALITY, ANALYTICS] });
    app.proxy.online = false;
    const crash = canary("crash");
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-06-01"));
    await app.sdk.sync.send(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText: "loose strap", crashLog: new TextEncoder().encode(crash) }));
    expect(holds(await directoryBytes(app.dir), crash)).toBe(true);
    // Withdrawing analytics rewrites the queued feedback without its analytics-only field, before the call returns.
    await app.sdk.consentCloud.withdrawConsent(bandId, [ANALYTICS]);
    expect(holds(await directoryBytes(app.dir), crash)).toBe(false);
    expect(await app.sdk.sync.pending()).toBe(2);
    await app.sdk.consentCloud.withdrawConsent(bandId);
    expect(await app.sdk.sync.pending()).toBe(0);
    app.proxy.online = true;
    await app.sdk.sync.flush();
    expect(app.cloud.records).toHaveLength(0);
  });

  it("drops at flush what lost consent while it sat in a queue written by another session", async () => {
    await bandApp();
    app.proxy.online = false;
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-06-02"));
    // Simulate a store changed behind the outbox's back: the record is still queued.
    const [key] = await app.storage.keys(ACCOUNT_OUTBOX_PREFIX);
    const queued = await app.storage.get(key!);
    await app.sdk.consentCloud.withdrawConsent(bandId);
    await app.storage.set(key!, queued!);
    app.proxy.online = true;
    expect(await app.sdk.sync.flush()).toBe(0);
    expect(app.cloud.records).toHaveLength(0);
    expect(app.events).toContainEqual(expect.objectContaining({ kind: "dropped", reason: "NO_CONSENT" }));
  });

  it("drops a queued record the cloud refuses, reports it, and sends the rest of the batch in order", async () => {
    await bandApp();
    app.proxy.online = false;
    const refused = await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-07-01"));
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-07-02"));
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-07-03"));
    app.cloud.refusedRecordIds.add(refused.recordId!);
    app.proxy.online = true;
    expect(await app.sdk.sync.flush()).toBe(0);
    expect(app.cloud.records.map((r) => (r.validated.message as band.DailyActivitySummary).date)).toEqual(["2026-07-02", "2026-07-03"]);
    expect(app.events).toContainEqual({ kind: "rejected", outbox: "account", recordId: refused.recordId, connectCode: Code.InvalidArgument });
  });

  it("sends less at a time when the cloud refuses a batch for its size, and rejects (never retries forever) a record too large to go alone", async () => {
    await bandApp();
    app.proxy.online = false;
    const dates = Array.from({ length: 7 }, (_, i) => `2026-08-0${i + 1}`);
    const sent = [];
    for (const date of dates) sent.push(await app.sdk.sync.send(band.DailyActivitySummarySchema, activity(date)));
    const huge = await app.sdk.sync.send(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText: "x".repeat(4096) }));
    app.cloud.maxRecordsPerIngest = 3;
    app.cloud.maxPayloadBytes = 1024;
    const before = app.events.length;
    app.proxy.online = true;
    expect(await app.sdk.sync.flush()).toBe(0);
    // Every small record arrived, in order, in batches the cloud accepts; the large one was rejected once.
    expect(app.cloud.records.map((r) => (r.validated.message as band.DailyActivitySummary).date)).toEqual(dates);
    const ingests = app.cloud.calls.filter((c) => c.method === "Ingest").map((c) => (c.request as cloud.IngestRequest).records.length);
    expect(Math.max(...ingests.filter((_, i) => i > 0))).toBeLessThanOrEqual(8);
    expect(app.events).toContainEqual({ kind: "rejected", outbox: "account", recordId: huge.recordId, connectCode: Code.ResourceExhausted });
    // No retry was scheduled once the cloud was back: a refusal for size is not a reason to wait.
    expect(app.events.slice(before).filter((e) => e.kind === "retry-scheduled")).toEqual([]);
    expect(sent.every((s) => s.status === "queued")).toBe(true);
  });

  it("drops a queued entry that no longer decodes, and sends the rest", async () => {
    await bandApp();
    app.proxy.online = false;
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-07-01"));
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-07-02"));
    const keys = await app.storage.keys(ACCOUNT_OUTBOX_PREFIX);
    // Corrupt the first entry's payload so the cloud-side check refuses it... as bytes that do not decode.
    const first = fromBinary(cloud.RecordSchema, (await app.storage.get(keys[0]!))!);
    await app.storage.set(keys[0]!, toBinary(cloud.RecordSchema, { ...first, payload: new Uint8Array([0xff, 0xff, 0xff]) }));
    app.proxy.online = true;
    expect(await app.sdk.sync.flush()).toBe(0);
    expect(app.cloud.records.map((r) => (r.validated.message as band.DailyActivitySummary).date)).toEqual(["2026-07-02"]);
    expect(app.events).toContainEqual(expect.objectContaining({ kind: "dropped", reason: "CORRUPT", recordId: first.recordId }));
  });
});

describe("sync: policy changes", () => {
  it("a new version that adds a purpose blocks that purpose until the user consents again; old purposes go on", async () => {
    app = await openTestApp({ policies: [productPolicy(bandId, "band-1", [FUNCTIONALITY])] });
    await app.sdk.consentCloud.giveConsent(GENERAL, "", [FUNCTIONALITY, ANALYTICS]);
    const first = await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY]);
    await app.sdk.consent.adoptPolicy(productPolicy(bandId, "band-2", [FUNCTIONALITY, ANALYTICS]));
    const crash = canary("crash");
    const feedback = create(band.FeedbackRecordSchema, { feedbackText: "ok", crashLog: new TextEncoder().encode(crash) });
    await app.sdk.sync.send(band.FeedbackRecordSchema, feedback);
    let got = app.cloud.records.at(-1)!;
    expect(got.record.statement).toMatchObject({ purposes: [FUNCTIONALITY], policyVersion: "band-1", consentReceiptId: first.receiptId });
    expect(setFields(band.FeedbackRecordSchema, got.record.payload)).toEqual(["feedback_text"]);
    expect(holds(app.proxy.sent(), crash)).toBe(false);
    expect(app.sdk.consent.pendingPurposes(bandId)).toEqual([ANALYTICS]);

    const second = await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY, ANALYTICS]);
    await app.sdk.sync.send(band.FeedbackRecordSchema, feedback);
    got = app.cloud.records.at(-1)!;
    expect(got.record.statement).toMatchObject({ purposes: [FUNCTIONALITY, ANALYTICS], policyVersion: "band-2", consentReceiptId: second.receiptId });
    expect(setFields(band.FeedbackRecordSchema, got.record.payload)).toEqual(["crash_log", "feedback_text"]);
  });

  it("a material change stops everything, queued records included, until the user consents again", async () => {
    await bandApp();
    app.proxy.online = false;
    await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-08-01"));
    await app.sdk.consent.adoptPolicy(productPolicy(bandId, "band-2", [FUNCTIONALITY, ANALYTICS], true));
    expect(await app.sdk.sync.pending()).toBe(0);
    app.proxy.online = true;
    expect((await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-08-02"))).status).toBe("nothing-to-send");
    await app.sdk.consentCloud.giveConsent(PRODUCT, bandId, [FUNCTIONALITY]);
    expect((await app.sdk.sync.send(band.DailyActivitySummarySchema, activity("2026-08-03"))).status).toBe("sent");
    expect(app.cloud.records.map((r) => r.record.statement!.policyVersion)).toEqual(["band-2"]);
  });
});
