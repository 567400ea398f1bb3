import { create } from "@bufbuild/protobuf";
import type { ProductConsent } from "@datapact/policy";
import { band, cloud, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  BindingProofError,
  BindingVerifier,
  decodeBindingProof,
  deriveFactoryKey,
  Device,
  encodeBindingProof,
  FileBackend,
  MemoryScreen,
  MessageCatalog,
  type DeviceIdentity,
  type ReceivedMessage,
} from "../src/index.js";
import { AppEnd } from "./harness/app-end.js";
import { backendKinds, type BackendUnderTest } from "./harness/backends.js";
import { bandCatalog, bandFullConsent } from "./harness/band.js";
import { CallerCardSchema } from "./harness/gadget-schema.js";
import { TappedTransport } from "./harness/tapped-transport.js";
import { transportKinds, type TransportPair } from "./harness/transport-kinds.js";
import { settle, waitFor } from "./harness/wait-for.js";

const masterKey = new Uint8Array(randomBytes(32));
const identity: DeviceIdentity = {
  mac: "C8:0F:10:AA:BB:CC",
  serialNumber: "24117/00001234",
  factoryKey: deriveFactoryKey(masterKey, "C8:0F:10:AA:BB:CC", "24117/00001234"),
};
const atRestKey = new Uint8Array(randomBytes(32));
const verifier = () => new BindingVerifier({ factoryKeyFor: (mac, sn) => deriveFactoryKey(masterKey, mac, sn) });

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

interface Rig {
  readonly device: Device;
  readonly app: AppEnd;
  readonly tap: TappedTransport;
  readonly screen: MemoryScreen;
  readonly store: BackendUnderTest;
  readonly deviceErrors: Error[];
  readonly firmwareGot: ReceivedMessage[];
}

async function rig(
  kind: keyof typeof transportKinds,
  backendKind: keyof typeof backendKinds,
  catalog: MessageCatalog = bandCatalog,
  store?: BackendUnderTest,
  appConsent: Record<string, ProductConsent> = bandFullConsent,
): Promise<Rig> {
  const pair: TransportPair = await transportKinds[kind]();
  cleanup.push(() => pair.close());
  const backend = store ?? (await backendKinds[backendKind]());
  if (!store) cleanup.push(() => backend.dispose());
  const screen = new MemoryScreen();
  const device = await Device.open({ transport: pair.device, catalog, backend: backend.backend, display: screen, identity, atRestKey });
  const deviceErrors: Error[] = [];
  const firmwareGot: ReceivedMessage[] = [];
  device.onError((e) => deviceErrors.push(e));
  device.onMessage((m) => {
    firmwareGot.push(m);
  });
  const tap = new TappedTransport(pair.app);
  const app = AppEnd.withConsent(tap, catalog, appConsent);
  await Promise.all([app.pair(), device.pair()]);
  return { device, app, tap, screen, store: backend, deviceErrors, firmwareGot };
}

async function consentAndWait(r: Rig, productId = "band") {
  await r.app.consentTo(productId, [Purpose.FUNCTIONALITY]);
  await waitFor(() => r.device.consent.allowsPurpose(productId, Purpose.FUNCTIONALITY), 2000, "consent at the device");
}

async function setFunctionAndWait(r: Rig, fn: string, enabled: boolean) {
  await r.app.setFunction("band", fn, enabled);
  await waitFor(() => r.device.consent.isFunctionEnabled("band", fn) === enabled, 2000, `${fn} ${enabled ? "on" : "off"} at the device`);
}

describe.each([
  ["memory", "memory"],
  ["tcp", "file"],
] as const)("Device over %s transport, %s store", (kind, backendKind) => {
  it("sends nothing before the app relays the user's consent, then sends what the policy allows", async () => {
    const r = await rig(kind, backendKind);
    const info = create(band.DeviceInfoFrameSchema, { macAddress: identity.mac, serialNumber: identity.serialNumber, firmwareVersion: "1.0.9" });
    expect(await r.device.emit(band.DeviceInfoFrameSchema, () => info)).toMatchObject({ sent: false, reason: "NOTHING_ALLOWED" });
    await consentAndWait(r);
    expect(await r.device.emit(band.DeviceInfoFrameSchema, () => info)).toMatchObject({ sent: true });
    const [got] = await r.app.waitForMessages(1);
    expect(got!.message).toEqual(info);
  });

  it("produces no blood-oxygen frames (and reads no sensor) until the app turns the function on, and stops when it is turned off", async () => {
    const r = await rig(kind, backendKind);
    await consentAndWait(r);
    let sensorReads = 0;
    const sample = () => {
      sensorReads++;
      return create(band.BloodOxygenSampleSchema, { saturationPercent: 96 });
    };
    const framesBefore = r.device.link.stats.framesSent;
    expect(await r.device.emit(band.BloodOxygenSampleSchema, sample)).toEqual({ sent: false, reason: "FUNCTION_DISABLED", dropped: [] });
    expect(sensorReads).toBe(0);
    expect(r.device.link.stats.framesSent).toBe(framesBefore);

    await setFunctionAndWait(r, "blood_oxygen", true);
    expect(await r.device.emit(band.BloodOxygenSampleSchema, sample)).toMatchObject({ sent: true });
    const [got] = await r.app.waitForMessages(1);
    expect((got!.message as band.BloodOxygenSample).saturationPercent).toBe(96);

    await setFunctionAndWait(r, "blood_oxygen", false);
    const framesAfter = r.device.link.stats.framesSent;
    expect(await r.device.emit(band.BloodOxygenSampleSchema, sample)).toMatchObject({ sent: false, reason: "FUNCTION_DISABLED" });
    await settle();
    expect(sensorReads).toBe(1);
    expect(r.device.link.stats.framesSent).toBe(framesAfter);
    expect(r.app.received).toHaveLength(1);
  });

  it("shows notifications and music on the screen and never lets them into the store, even through a handler that stores everything", async () => {
    const r = await rig(kind, backendKind);
    let n = 0;
    r.device.onMessage(async (m) => {
      await r.device.store.put(m.schema, `inbox/${n++}`, m.message as never);
    });
    await consentAndWait(r);
    await setFunctionAndWait(r, "notification_display", true);
    const values = ["Ada Lovelace", "+44 20 7946 0018", "Biopsy results are in", "Clinic Oetker", "Bohemian Rhapsody", "Queen"];
    await r.app.send(band.NotificationFrameSchema, create(band.NotificationFrameSchema, { callerName: values[0], callerNumber: values[1], kind: band.NotificationKind.INCOMING_CALL }));
    await r.app.send(band.NotificationFrameSchema, create(band.NotificationFrameSchema, { body: values[2], sender: values[3], kind: band.NotificationKind.SMS }));
    await r.app.send(band.MusicInfoFrameSchema, create(band.MusicInfoFrameSchema, { songName: values[4], artist: values[5], volumePercent: 40 }));
    await r.app.send(band.WorldClockFrameSchema, create(band.WorldClockFrameSchema, { timeZoneIds: ["Europe/London"] }));
    await waitFor(() => r.screen.items.length === 3 && r.firmwareGot.length === 1, 2000, "screen and firmware");
    await r.device.whenIdle();
    const shown = JSON.stringify(r.screen.items.map((i) => i.message));
    for (const v of values) expect(shown).toContain(v);
    expect(r.firmwareGot.map((m) => m.schema.typeName)).toEqual([band.WorldClockFrameSchema.typeName]);
    expect(await r.device.store.keys()).toEqual(["inbox/0"]);
    const raw = await r.store.rawBytes();
    expect(raw.includes(Buffer.from("Europe/London"))).toBe(true); // the scan does see what is stored
    for (const v of values) expect(raw.includes(Buffer.from(v))).toBe(false);
  });

  it("answers a binding challenge with a proof the cloud's verifier accepts once", async () => {
    const r = await rig(kind, backendKind);
    const cloudSide = verifier();
    const challenge = cloudSide.issueChallenge("mi-account-6001");
    const proof = await r.app.requestBindingProof(challenge);
    const verified = await cloudSide.verify(proof);
    expect(verified).toMatchObject({ accountId: "mi-account-6001", mac: identity.mac, serialNumber: identity.serialNumber });
    expect(verified.devicePublicKey).toEqual(r.device.binding!.devicePublicKey);
    expect(r.device.binding!.accountId).toBe("mi-account-6001");
    await expect(cloudSide.verify(proof)).rejects.toMatchObject({ failure: "UNKNOWN_OR_USED_NONCE" });
  });

  it("factory reset by command erases everything the device stores, forgets consent and closes the link", async () => {
    const r = await rig(kind, backendKind);
    r.device.onMessage(async (m) => {
      await r.device.store.put(m.schema, "latest", m.message as never);
    });
    await consentAndWait(r);
    await setFunctionAndWait(r, "blood_oxygen", true);
    await r.app.requestBindingProof(verifier().issueChallenge("mi-account-6001"));
    await r.app.send(band.WorldClockFrameSchema, create(band.WorldClockFrameSchema, { timeZoneIds: ["Asia/Shanghai"] }));
    await waitFor(() => r.firmwareGot.length === 1);
    await r.device.whenIdle();
    await r.device.store.put(band.HeartRateSampleSchema, "hr/1", create(band.HeartRateSampleSchema, { beatsPerMinute: 77 }));
    expect(await r.store.entries()).toBe(4); // settings, binding, two records

    await r.app.command(cloud.DeviceCommandKind.FACTORY_RESET);
    await waitFor(() => r.device.link.closed, 2000, "link closed by factory reset");
    await r.device.whenIdle();
    expect(await r.store.entries()).toBe(0);
    expect(await r.store.rawBytes()).toHaveLength(0);
    if (r.store.backend instanceof FileBackend) expect(await readdir(r.store.backend.directory)).toEqual([]);
    expect(r.device.binding).toBeUndefined();
    expect(r.device.consent.isFunctionEnabled("band", "blood_oxygen")).toBe(false);
    expect(r.device.consent.allowsPurpose("band", Purpose.FUNCTIONALITY)).toBe(false);
  });
});

describe("Device binding", () => {
  it("refuses proofs that are tampered, made for another account, or made by other hardware", async () => {
    const r = await rig("memory", "memory");
    const cloudSide = verifier();
    const tampered = decodeBindingProof(await r.app.requestBindingProof(cloudSide.issueChallenge("acc-1")));
    await expect(cloudSide.verify({ ...tampered, serialNumber: "24117/00009999" })).rejects.toMatchObject({ failure: "BAD_TAG" });

    const c2 = cloudSide.issueChallenge("acc-1");
    const forOther = await r.app.requestBindingProof({ accountId: "acc-2", nonce: c2.nonce });
    await expect(cloudSide.verify(forOther)).rejects.toMatchObject({ failure: "ACCOUNT_MISMATCH" });

    // A clone that knows the MAC and SN but not the factory key.
    const c3 = cloudSide.issueChallenge("acc-1");
    const genuine = decodeBindingProof(await r.app.requestBindingProof(c3));
    const clone = { ...genuine, tag: new Uint8Array(randomBytes(32)) };
    await expect(cloudSide.verify(encodeBindingProof(clone))).rejects.toBeInstanceOf(BindingProofError);

    const unknownHardware = new BindingVerifier({ factoryKeyFor: () => undefined });
    const c4 = unknownHardware.issueChallenge("acc-1");
    await expect(unknownHardware.verify(await r.app.requestBindingProof(c4))).rejects.toMatchObject({ failure: "UNKNOWN_DEVICE" });
    expect(cloudSide.pendingChallenges).toBe(0);
  });

  it("expires challenges", async () => {
    let now = 1_000_000;
    const cloudSide = new BindingVerifier({ factoryKeyFor: (mac, sn) => deriveFactoryKey(masterKey, mac, sn), challengeTtlMs: 1000, now: () => now });
    const r = await rig("memory", "memory");
    const proof = await r.app.requestBindingProof(cloudSide.issueChallenge("acc-1"));
    now += 1000;
    await expect(cloudSide.verify(proof)).rejects.toMatchObject({ failure: "UNKNOWN_OR_USED_NONCE" });
  });

  it("erases the previous owner's data when bound to another account", async () => {
    const r = await rig("memory", "memory");
    await consentAndWait(r);
    await r.app.requestBindingProof(verifier().issueChallenge("owner-1"));
    await r.device.store.put(band.WorldClockFrameSchema, "wc", create(band.WorldClockFrameSchema, { timeZoneIds: ["Europe/Berlin"] }));
    const firstKey = r.device.binding!.devicePublicKey;
    await r.app.requestBindingProof(verifier().issueChallenge("owner-1"));
    expect(r.device.binding!.devicePublicKey).toEqual(firstKey); // same owner: same key, data kept
    expect(await r.device.store.keys()).toEqual(["wc"]);
    await r.app.requestBindingProof(verifier().issueChallenge("owner-2"));
    expect(r.device.binding!.accountId).toBe("owner-2");
    expect(r.device.binding!.devicePublicKey).not.toEqual(firstKey);
    expect(await r.device.store.keys()).toEqual([]);
    expect((await r.store.rawBytes()).includes(Buffer.from("Europe/Berlin"))).toBe(false);
  });

  it("reports a malformed challenge and stays as it was", async () => {
    const r = await rig("memory", "memory");
    await r.app.link.send(0x11, new Uint8Array([1, 0, 5, 65]));
    await waitFor(() => r.deviceErrors.length === 1);
    expect(r.deviceErrors[0]).toMatchObject({ name: "BindingProofError", failure: "MALFORMED" });
    expect(r.device.binding).toBeUndefined();
  });
});

describe("Device state", () => {
  it("keeps consent, switches and binding across a restart, and unbind() erases them", async () => {
    const store = await backendKinds.file();
    cleanup.push(() => store.dispose());
    const first = await rig("memory", "file", bandCatalog, store);
    await consentAndWait(first);
    await setFunctionAndWait(first, "notification_display", true);
    await first.app.requestBindingProof(verifier().issueChallenge("acc-9"));
    await first.device.close();

    const second = await rig("memory", "file", bandCatalog, store);
    expect(second.device.consent.isFunctionEnabled("band", "notification_display")).toBe(true);
    expect(second.device.binding?.accountId).toBe("acc-9");
    await second.device.unbind();
    expect(second.device.binding).toBeUndefined();
    expect(second.device.consent.isFunctionEnabled("band", "notification_display")).toBe(false);
    expect(await store.entries()).toBe(0);
    expect(second.device.link.paired).toBe(true);
  });

  it("gives firmware only the storable part of a message that mixes display-only and other values", async () => {
    const catalog = bandCatalog.with([CallerCardSchema]);
    const r = await rig("memory", "memory", catalog, undefined, { gadget: { purposes: [Purpose.FUNCTIONALITY] } });
    await consentAndWait(r, "gadget");
    expect(await r.app.send(CallerCardSchema, create(CallerCardSchema, { callerName: "Grace Hopper", ringCount: 3 } as never))).toMatchObject({ sent: true });
    await waitFor(() => r.firmwareGot.length === 1 && r.screen.items.length === 1);
    expect(JSON.stringify(r.screen.current!.message)).toContain("Grace Hopper");
    expect(JSON.stringify(r.firmwareGot[0]!.message)).not.toContain("Grace Hopper");
    expect((r.firmwareGot[0]!.message as unknown as { ringCount: number }).ringCount).toBe(3);
  });
});
