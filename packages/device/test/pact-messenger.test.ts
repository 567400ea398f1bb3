import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { consentSnapshot, ThirdPartyDirectValueError, type ProductConsent } from "@datapact/policy";
import { band } from "@datapact/proto";
import { afterEach, describe, expect, it } from "vitest";
import {
  encodeMessageEnvelope,
  FrameType,
  MalformedPayloadError,
  MessageCatalog,
  MessageRefusedError,
  messageTypeId,
  PactMessenger,
  SecureLink,
  UnknownLinkMessageTypeError,
  type ReceivedMessage,
} from "../src/index.js";
import { bandCatalog, bandDefaultConsent, bandFullConsent } from "./harness/band.js";
import { TappedTransport } from "./harness/tapped-transport.js";
import { transportKinds, type TransportPair } from "./harness/transport-kinds.js";
import { settle, waitFor } from "./harness/wait-for.js";

const open: TransportPair[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

async function messengers(
  kind: keyof typeof transportKinds,
  appConsent: Record<string, ProductConsent> = bandFullConsent,
  deviceConsent: Record<string, ProductConsent> = bandFullConsent,
  catalogs: { app?: MessageCatalog; device?: MessageCatalog } = {},
) {
  const pair = await transportKinds[kind]();
  open.push(pair);
  const tap = new TappedTransport(pair.app);
  const appLink = new SecureLink(tap, { role: "app" });
  const deviceLink = new SecureLink(pair.device, { role: "device" });
  await Promise.all([appLink.pair(), deviceLink.pair()]);
  const app = new PactMessenger(appLink, catalogs.app ?? bandCatalog, consentSnapshot(appConsent));
  const device = new PactMessenger(deviceLink, catalogs.device ?? bandCatalog, consentSnapshot(deviceConsent));
  const atApp: ReceivedMessage[] = [];
  const atDevice: ReceivedMessage[] = [];
  const deviceErrors: Error[] = [];
  app.onMessage((m) => atApp.push(m));
  device.onMessage((m) => atDevice.push(m));
  device.onError((e) => deviceErrors.push(e));
  return { tap, app, device, atApp, atDevice, deviceErrors, appLink };
}

const deviceInfo = create(band.DeviceInfoFrameSchema, { macAddress: "C8:0F:10:AA:BB:CC", serialNumber: "24117/00001234", firmwareVersion: "1.0.9.66" });

describe.each(["memory", "tcp"] as const)("PactMessenger over %s", (kind) => {
  it("round-trips a device info frame and a sync frame with nested samples", async () => {
    const m = await messengers(kind);
    const at = new Date("2024-05-01T07:00:00Z");
    const sync = create(band.ActivitySyncFrameSchema, {
      windowStart: timestampFromDate(at),
      heartRate: [
        create(band.HeartRateSampleSchema, { measuredAt: timestampFromDate(at), beatsPerMinute: 61 }),
        create(band.HeartRateSampleSchema, { measuredAt: timestampFromDate(at), beatsPerMinute: 64 }),
      ],
      bloodOxygen: [create(band.BloodOxygenSampleSchema, { measuredAt: timestampFromDate(at), saturationPercent: 97 })],
    });
    expect(await m.device.send(band.DeviceInfoFrameSchema, deviceInfo)).toMatchObject({ sent: true, dropped: [] });
    expect(await m.device.send(band.ActivitySyncFrameSchema, sync)).toMatchObject({ sent: true, dropped: [] });
    await waitFor(() => m.atApp.length === 2);
    expect(m.atApp[0]!.message).toEqual(deviceInfo);
    expect(m.atApp[1]!.schema).toBe(band.ActivitySyncFrameSchema);
    expect(m.atApp[1]!.message).toEqual(sync);
  });

  it("drops the values of an off-by-default function nested in a frame, and says which", async () => {
    const m = await messengers(kind, bandFullConsent, bandDefaultConsent);
    const sync = create(band.ActivitySyncFrameSchema, {
      heartRate: [create(band.HeartRateSampleSchema, { beatsPerMinute: 61 })],
      bloodOxygen: [create(band.BloodOxygenSampleSchema, { saturationPercent: 91 })],
    });
    const outcome = await m.device.send(band.ActivitySyncFrameSchema, sync);
    expect(outcome.sent).toBe(true);
    expect(outcome.dropped).toEqual([{ path: "blood_oxygen[0].saturation_percent", reason: "FUNCTION_DISABLED" }]);
    await waitFor(() => m.atApp.length === 1);
    const got = m.atApp[0]!.message as band.ActivitySyncFrame;
    expect(got.heartRate[0]!.beatsPerMinute).toBe(61);
    expect(got.bloodOxygen.every((s) => s.saturationPercent === 0)).toBe(true);
  });

  it("produces no frame for a function that is off, nor for a message nothing of which may cross", async () => {
    const m = await messengers(kind, { band: { purposes: [] } });
    const before = m.tap.sent.length;
    const note = create(band.NotificationFrameSchema, { title: "Mum", body: "call me" });
    expect(await m.app.send(band.NotificationFrameSchema, note)).toEqual({ sent: false, reason: "FUNCTION_DISABLED", dropped: [] });
    const time = create(band.TimeSyncFrameSchema, { utcOffsetMinutes: 120, languageTag: "fr-FR" });
    const outcome = await m.app.send(band.TimeSyncFrameSchema, time);
    expect(outcome).toMatchObject({ sent: false, reason: "NOTHING_ALLOWED" });
    expect(outcome.dropped.map((d) => d.reason)).toEqual(["NO_CONSENT", "NO_CONSENT"]);
    await settle();
    expect(m.tap.sent.length).toBe(before);
  });

  it("never lets unknown fields cross", async () => {
    const m = await messengers(kind);
    const info = create(band.DeviceInfoFrameSchema, { macAddress: "C8:0F:10:AA:BB:CC" });
    const smuggled = new Uint8Array(Buffer.from("smuggled-value"));
    info.$unknown = [{ no: 99, wireType: 2, data: new Uint8Array([smuggled.length, ...smuggled]) }];
    await m.app.send(band.DeviceInfoFrameSchema, info);
    await waitFor(() => m.atDevice.length === 1);
    expect(m.atDevice[0]!.message.$unknown).toBeUndefined();
    expect((m.atDevice[0]!.message as band.DeviceInfoFrame).macAddress).toBe("C8:0F:10:AA:BB:CC");
  });

  it("refuses to send a type outside the catalog, and reports one received", async () => {
    const weather = bandCatalog.idOf(band.WeatherFrameSchema.typeName)!;
    const deviceCatalog = new MessageCatalog([band.DeviceInfoFrameSchema, band.TimeSyncFrameSchema]);
    const m = await messengers(kind, bandFullConsent, bandFullConsent, { device: deviceCatalog });
    const before = m.tap.sent.length;
    await expect(m.device.send(band.WeatherFrameSchema, create(band.WeatherFrameSchema))).rejects.toBeInstanceOf(UnknownLinkMessageTypeError);
    await m.app.send(band.WeatherFrameSchema, create(band.WeatherFrameSchema, {}));
    await waitFor(() => m.deviceErrors.length === 1);
    const error = m.deviceErrors[0] as UnknownLinkMessageTypeError;
    expect(error).toBeInstanceOf(UnknownLinkMessageTypeError);
    expect(error.code).toBe("UNKNOWN_MESSAGE_TYPE");
    expect(error.typeId).toBe(weather);
    expect(m.tap.sent.length).toBeGreaterThan(before);
    await m.app.send(band.DeviceInfoFrameSchema, deviceInfo);
    await waitFor(() => m.atDevice.length === 1);
  });

  it("reports a payload that does not decode as its type", async () => {
    const m = await messengers(kind);
    await m.appLink.send(FrameType.MESSAGE, encodeMessageEnvelope(messageTypeId(band.DeviceInfoFrameSchema.typeName), new Uint8Array([0x0a, 0xff, 0xff])));
    await waitFor(() => m.deviceErrors.length === 1);
    expect(m.deviceErrors[0]).toBeInstanceOf(MalformedPayloadError);
    expect(m.atDevice).toHaveLength(0);
  });

  it("refuses third-party-direct values on send, and on receipt from a sender that did not", async () => {
    const m = await messengers(kind);
    const card = create(band.BankCardVerificationSchema, { cardNumber: "4111111111111111" });
    const before = m.tap.sent.length;
    await expect(m.app.send(band.BankCardVerificationSchema, card)).rejects.toBeInstanceOf(ThirdPartyDirectValueError);
    expect(m.tap.sent.length).toBe(before);
    await m.appLink.send(FrameType.MESSAGE, encodeMessageEnvelope(messageTypeId(card.$typeName), toBinary(band.BankCardVerificationSchema, card)));
    await waitFor(() => m.deviceErrors.length === 1);
    expect(m.deviceErrors[0]).toBeInstanceOf(MessageRefusedError);
    expect((m.deviceErrors[0] as MessageRefusedError).refusal).toBe("THIRD_PARTY_DIRECT_VALUE");
    expect(m.deviceErrors[0]!.message).not.toContain("4111");
  });

  it("refuses on receipt a message of a function this end has off", async () => {
    const m = await messengers(kind, bandFullConsent, bandDefaultConsent);
    await m.app.send(band.NotificationFrameSchema, create(band.NotificationFrameSchema, { title: "Mum" }));
    await waitFor(() => m.deviceErrors.length === 1);
    expect(m.deviceErrors[0]).toMatchObject({ name: "MessageRefusedError", refusal: "FUNCTION_DISABLED" });
    expect(m.atDevice).toHaveLength(0);
  });
});
