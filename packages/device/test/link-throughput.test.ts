// Measures the link, and fails only if it is unusably slow: the numbers are
// printed for the report, not pinned (CI machines vary).
import { create } from "@bufbuild/protobuf";
import { consentSnapshot } from "@datapact/policy";
import { band } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { FrameType, PactMessenger, SecureLink } from "../src/index.js";
import { bandCatalog, bandFullConsent } from "./harness/band.js";
import { transportKinds } from "./harness/transport-kinds.js";
import { waitFor } from "./harness/wait-for.js";

async function measure(kind: keyof typeof transportKinds, mtu: number, bodyBytes: number, frames: number) {
  const pair = await transportKinds[kind](mtu);
  const app = new SecureLink(pair.app, { role: "app" });
  const device = new SecureLink(pair.device, { role: "device" });
  await Promise.all([app.pair(), device.pair()]);
  let received = 0;
  device.onFrame(() => received++);
  const body = new Uint8Array(bodyBytes).fill(0x5a);
  const start = performance.now();
  for (let i = 0; i < frames; i++) void app.send(FrameType.MESSAGE, body);
  await waitFor(() => received === frames, 60_000, "all frames");
  const seconds = (performance.now() - start) / 1000;
  await pair.close();
  const result = { kind, mtu, bodyBytes, frames, framesPerSecond: Math.round(frames / seconds), kilobytesPerSecond: Math.round((frames * bodyBytes) / 1024 / seconds) };
  console.log(`[throughput] ${JSON.stringify(result)}`);
  return result;
}

describe("link throughput", () => {
  it("moves small frames over the in-memory link at MTU 20", async () => {
    const r = await measure("memory", 20, 16, 2000);
    expect(r.framesPerSecond).toBeGreaterThan(200);
  });

  it("moves larger frames over the in-memory link at MTU 20 and TCP at MTU 244", async () => {
    const m = await measure("memory", 20, 200, 500);
    const t = await measure("tcp", 244, 200, 2000);
    expect(m.framesPerSecond).toBeGreaterThan(50);
    expect(t.framesPerSecond).toBeGreaterThan(200);
  });

  it("moves band notification frames through the policy and the link at MTU 20", async () => {
    const pair = await transportKinds.memory(20);
    const appLink = new SecureLink(pair.app, { role: "app" });
    const deviceLink = new SecureLink(pair.device, { role: "device" });
    await Promise.all([appLink.pair(), deviceLink.pair()]);
    const consent = consentSnapshot(bandFullConsent);
    const app = new PactMessenger(appLink, bandCatalog, consent);
    const device = new PactMessenger(deviceLink, bandCatalog, consent);
    let received = 0;
    device.onMessage(() => received++);
    const note = create(band.NotificationFrameSchema, { kind: band.NotificationKind.SMS, title: "Messages", sender: "Ada", body: "Dinner at eight? I booked the usual place." });
    const count = 1000;
    const start = performance.now();
    for (let i = 0; i < count; i++) void app.send(band.NotificationFrameSchema, note);
    await waitFor(() => received === count, 60_000, "all notifications");
    const seconds = (performance.now() - start) / 1000;
    const packets = appLink.stats.framesSent;
    await pair.close();
    const result = { kind: "memory+policy", mtu: 20, messages: count, messagesPerSecond: Math.round(count / seconds), framesSent: packets };
    console.log(`[throughput] ${JSON.stringify(result)}`);
    expect(result.messagesPerSecond).toBeGreaterThan(100);
  });
});
