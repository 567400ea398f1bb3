import { equals, toBinary, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { consentSnapshot, forHop, ThirdPartyDirectValueError } from "@datapact/policy";
import { band, Hop, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveFactoryKey, Device, MemoryScreen, PactMessenger, SecureLink, type ReceivedMessage } from "../src/index.js";
import { AppEnd } from "./harness/app-end.js";
import { backendKinds, type BackendUnderTest } from "./harness/backends.js";
import { bandCatalog, bandFullConsent } from "./harness/band.js";
import { transportKinds, type TransportPair } from "./harness/transport-kinds.js";
import { waitFor } from "./harness/wait-for.js";

describe("band messages over the link", () => {
  let pair: TransportPair;
  let app: PactMessenger;
  const atDevice: ReceivedMessage[] = [];
  const consent = consentSnapshot(bandFullConsent);

  beforeAll(async () => {
    pair = await transportKinds.memory(20);
    const appLink = new SecureLink(pair.app, { role: "app", maxMessageBytes: 1 << 20 });
    const deviceLink = new SecureLink(pair.device, { role: "device", maxMessageBytes: 1 << 20 });
    await Promise.all([appLink.pair(), deviceLink.pair()]);
    app = new PactMessenger(appLink, bandCatalog, consent);
    const device = new PactMessenger(deviceLink, bandCatalog, consent);
    device.onMessage((m) => atDevice.push(m));
  });
  afterAll(() => pair.close());

  const schemas = bandMessageSchemas();

  it("arrive exactly as the policy's device<->app projection of what was sent", async () => {
    const arbitrary = fc.constantFrom(...schemas).chain((schema) => messageArbitrary(schema, { maxDepth: 2, maxLength: 2 }).map((message) => ({ schema, message })));
    let delivered = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ schema, message }) => {
        let expected;
        try {
          expected = forHop(schema, message, Hop.DEVICE_APP, consent);
        } catch (error) {
          expect(error).toBeInstanceOf(ThirdPartyDirectValueError);
          await expect(app.send(schema, message)).rejects.toBeInstanceOf(ThirdPartyDirectValueError);
          return;
        }
        const before = atDevice.length;
        const outcome = await app.send(schema, message);
        if (!outcome.sent) return;
        await waitFor(() => atDevice.length > before, 2000, schema.typeName);
        const got = atDevice[atDevice.length - 1]!;
        expect(got.schema).toBe(schema);
        expect(equals(schema, got.message, expected)).toBe(true);
        delivered++;
      }),
      replayable("band messages arrive as their forHop projection", 150),
    );
    // Most random messages carry something the policy lets through; a run that delivered nothing tested nothing.
    expect(delivered).toBeGreaterThan(20);
  });
});

/** Every band message type exported by the generated package. */
function bandMessageSchemas(): DescMessage[] {
  const out: DescMessage[] = [];
  for (const [, schema] of Object.entries(band)) {
    if (schema && typeof schema === "object" && (schema as DescMessage).kind === "message") out.push(schema as DescMessage);
  }
  return out;
}

describe("notification frames at a device", () => {
  const masterKey = new Uint8Array(randomBytes(32));
  let pair: TransportPair;
  let store: BackendUnderTest;
  let device: Device;
  let app: AppEnd;
  const screen = new MemoryScreen(1000);

  beforeAll(async () => {
    pair = await transportKinds.memory(20);
    store = await backendKinds.file();
    device = await Device.open({
      transport: pair.device,
      catalog: bandCatalog,
      backend: store.backend,
      display: screen,
      identity: { mac: "C8:0F:10:00:00:01", serialNumber: "SN-1", factoryKey: deriveFactoryKey(masterKey, "C8:0F:10:00:00:01", "SN-1") },
      atRestKey: new Uint8Array(randomBytes(32)),
    });
    // The worst firmware: it tries to keep everything it is handed.
    let n = 0;
    device.onMessage(async (m) => {
      await device.store.put(m.schema, `kept/${n++}`, m.message as never);
    });
    app = AppEnd.withConsent(pair.app, bandCatalog, bandFullConsent);
    await Promise.all([app.pair(), device.pair()]);
    await app.consentTo("band", [Purpose.FUNCTIONALITY]);
    await app.setFunction("band", "notification_display", true);
    await waitFor(() => device.consent.isFunctionEnabled("band", "notification_display"));
  });
  afterAll(async () => {
    await pair.close();
    await store.dispose();
  });

  it("reach the screen and never the store's bytes", async () => {
    let canary = 0;
    const canaries: string[] = [];
    const valueFor = (field: DescField) =>
      field.fieldKind === "scalar" && field.scalar === 9 /* STRING */
        ? fc.constant(null).map(() => {
            const c = `CANARY${(canary++).toString().padStart(6, "0")}`;
            canaries.push(c);
            return c;
          })
        : undefined;
    await fc.assert(
      // An empty notification has nothing to show: the device rightly displays nothing.
      fc.asyncProperty(messageArbitrary(band.NotificationFrameSchema, { valueFor }).filter((n) => toBinary(band.NotificationFrameSchema, n).length > 0), async (note) => {
        const shown = screen.items.length;
        const outcome = await app.send(band.NotificationFrameSchema, note);
        if (!outcome.sent) return;
        await waitFor(() => screen.items.length > shown, 2000, "notification on screen");
        await device.whenIdle();
      }),
      replayable("notification frames never reach the device store", 60),
    );
    const raw = await store.rawBytes();
    expect(canaries.length).toBeGreaterThan(0);
    const onScreen = JSON.stringify(
      screen.items.map((i) => i.message),
      (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
    );
    expect(canaries.some((c) => onScreen.includes(c))).toBe(true);
    for (const c of canaries) expect(raw.includes(Buffer.from(c))).toBe(false);
    expect(await device.store.keys()).toEqual([]);
  });
});
