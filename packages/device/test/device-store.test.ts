import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { consentSnapshot, ThirdPartyDirectValueError } from "@datapact/policy";
import { band, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { AtRestKeyMissingError, CorruptRecordError, DeviceStore, InvalidStoreKeyError, RECORD_NAMESPACE } from "../src/index.js";
import { backendKinds, type BackendUnderTest } from "./harness/backends.js";
import { bandDefaultConsent, bandFullConsent } from "./harness/band.js";
import { BrewLogSchema } from "./harness/gadget-schema.js";

const live: BackendUnderTest[] = [];
afterEach(async () => {
  for (const b of live.splice(0)) await b.dispose();
});

async function backend(kind: keyof typeof backendKinds) {
  const b = await backendKinds[kind]();
  live.push(b);
  return b;
}

const consent = consentSnapshot(bandFullConsent);
const atRestKey = new Uint8Array(randomBytes(32));

describe.each(["memory", "file"] as const)("DeviceStore on %s", (kind) => {
  it("keeps what the policy allows at the device tier and reads it back", async () => {
    const b = await backend(kind);
    const store = new DeviceStore(b.backend, { consent });
    const clock = create(band.WorldClockFrameSchema, { timeZoneIds: ["Europe/Paris", "Asia/Tokyo"] });
    expect(await store.put(band.WorldClockFrameSchema, "world-clock", clock)).toMatchObject({ stored: true, sealed: false, expiresAt: undefined });
    expect(await store.get(band.WorldClockFrameSchema, "world-clock")).toEqual(clock);
    expect(await store.keys()).toEqual(["world-clock"]);
  });

  it("never writes display-only values: a notification stores nothing and leaves no byte behind", async () => {
    const b = await backend(kind);
    const store = new DeviceStore(b.backend, { consent });
    const note = create(band.NotificationFrameSchema, { title: "Dr. Oetker clinic", body: "Your test results are ready", callerName: "Ada Lovelace", callerNumber: "+44 20 7946 0000" });
    const outcome = await store.put(band.NotificationFrameSchema, "last-notification", note);
    expect(outcome.stored).toBe(false);
    expect(outcome.dropped.map((d) => d.reason)).toEqual(["NOT_STORED_AT_TIER", "NOT_STORED_AT_TIER", "NOT_STORED_AT_TIER", "NOT_STORED_AT_TIER"]);
    const raw = await b.rawBytes();
    for (const v of ["Oetker", "test results", "Ada Lovelace", "7946"]) expect(raw.includes(Buffer.from(v))).toBe(false);
    expect(await b.entries()).toBe(0);
  });

  it("does not keep values of an off function or an unconsented purpose", async () => {
    const b = await backend(kind);
    const store = new DeviceStore(b.backend, { consent: consentSnapshot(bandDefaultConsent), atRestKey });
    const spo2 = create(band.BloodOxygenSampleSchema, { saturationPercent: 93 });
    expect(await store.put(band.BloodOxygenSampleSchema, "spo2/1", spo2)).toMatchObject({ stored: false, reason: "NOTHING_STORABLE" });
    const noPurpose = new DeviceStore(b.backend, { consent: consentSnapshot({ band: { purposes: [Purpose.ANALYTICS] } }) });
    expect(await noPurpose.put(band.WorldClockFrameSchema, "wc", create(band.WorldClockFrameSchema, { timeZoneIds: ["UTC"] }))).toMatchObject({ stored: false });
    expect(await b.entries()).toBe(0);
  });

  it("seals records holding values the pact encrypts at rest on the device, and refuses them without a key", async () => {
    const b = await backend(kind);
    const sample = create(band.HeartRateSampleSchema, { measuredAt: timestampFromDate(new Date("2024-05-01T07:00:00Z")), beatsPerMinute: 187 });
    await expect(new DeviceStore(b.backend, { consent }).put(band.HeartRateSampleSchema, "hr/1", sample)).rejects.toBeInstanceOf(AtRestKeyMissingError);
    expect(await b.entries()).toBe(0);
    const store = new DeviceStore(b.backend, { consent, atRestKey });
    expect(await store.put(band.HeartRateSampleSchema, "hr/1", sample)).toMatchObject({ stored: true, sealed: true });
    expect(await store.get(band.HeartRateSampleSchema, "hr/1")).toEqual(sample);
    // Under another key the record does not open.
    const other = new DeviceStore(b.backend, { consent, atRestKey: new Uint8Array(randomBytes(32)) });
    await expect(other.get(band.HeartRateSampleSchema, "hr/1")).rejects.toMatchObject({ name: "CorruptRecordError", reason: "BAD_AUTH_TAG" });
  });

  it("refuses bad keys and third-party-direct values before writing anything", async () => {
    const b = await backend(kind);
    const store = new DeviceStore(b.backend, { consent });
    const clock = create(band.WorldClockFrameSchema, { timeZoneIds: ["UTC"] });
    for (const key of ["", "../etc/passwd", "a b", "x".repeat(129), "Ada Lovelace's heart rate"])
      await expect(store.put(band.WorldClockFrameSchema, key, clock)).rejects.toBeInstanceOf(InvalidStoreKeyError);
    const bad = await store.put(band.WorldClockFrameSchema, "ok", clock).then(() => store.put(band.WorldClockFrameSchema, "a b", clock)).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(InvalidStoreKeyError);
    expect((bad as Error).message).not.toContain("a b");
    await expect(store.put(band.BankCardVerificationSchema, "card", create(band.BankCardVerificationSchema, { cardNumber: "4111111111111111" }))).rejects.toBeInstanceOf(
      ThirdPartyDirectValueError,
    );
    expect(await store.keys()).toEqual(["ok"]);
    expect((await b.rawBytes()).includes(Buffer.from("4111"))).toBe(false);
  });

  it("reports damaged records and records of another type", async () => {
    const b = await backend(kind);
    const store = new DeviceStore(b.backend, { consent });
    await store.put(band.WorldClockFrameSchema, "wc", create(band.WorldClockFrameSchema, { timeZoneIds: ["UTC"] }));
    await expect(store.get(band.TimeSyncFrameSchema, "wc")).rejects.toMatchObject({ reason: "TYPE_MISMATCH" });
    await b.backend.write(`${RECORD_NAMESPACE}broken`, new Uint8Array([0xdb, 1, 0, 0xff]));
    await expect(store.get(band.WorldClockFrameSchema, "broken")).rejects.toBeInstanceOf(CorruptRecordError);
    expect(await store.get(band.WorldClockFrameSchema, "absent")).toBeUndefined();
  });

  it("expires records with a fixed retention period at the device tier", async () => {
    const b = await backend(kind);
    let now = new Date("2024-05-01T00:00:00Z");
    const store = new DeviceStore(b.backend, { consent: consentSnapshot({ gadget: { purposes: [Purpose.FUNCTIONALITY] } }), now: () => now });
    const log = create(BrewLogSchema, { recipe: "flat white" });
    const outcome = await store.put(BrewLogSchema, "brew/1", log);
    expect(outcome).toMatchObject({ stored: true, expiresAt: new Date("2024-05-02T00:00:00Z") });
    now = new Date("2024-05-01T23:59:59Z");
    expect(await store.sweepExpired()).toBe(0);
    expect(await store.get(BrewLogSchema, "brew/1")).toBeDefined();
    now = new Date("2024-05-02T00:00:00Z");
    expect(await store.sweepExpired()).toBe(1);
    expect(await store.get(BrewLogSchema, "brew/1")).toBeUndefined();
    expect(await b.entries()).toBe(0);
  });

  it("erases every record", async () => {
    const b = await backend(kind);
    const store = new DeviceStore(b.backend, { consent, atRestKey });
    await store.put(band.WorldClockFrameSchema, "a", create(band.WorldClockFrameSchema, { timeZoneIds: ["UTC"] }));
    await store.put(band.HeartRateSampleSchema, "b", create(band.HeartRateSampleSchema, { beatsPerMinute: 80 }));
    expect(await b.entries()).toBe(2);
    await store.eraseAll();
    expect(await store.keys()).toEqual([]);
    expect(await b.entries()).toBe(0);
  });
});
