import { afterEach, describe, expect, it } from "vitest";
import {
  chunkFrame,
  createMemoryTransportPair,
  encodeFrame,
  encodeFrameHeader,
  FrameAuthenticationError,
  FrameType,
  LinkClosedError,
  MalformedFrameError,
  NotPairedError,
  OversizedMessageError,
  PairingError,
  ReplayedFrameError,
  SecureLink,
  TruncatedFrameError,
  UnknownFrameTypeError,
  type SecureLinkOptions,
} from "../src/index.js";
import { TappedTransport } from "./harness/tapped-transport.js";
import { transportKinds, type TransportPair } from "./harness/transport-kinds.js";
import { settle, waitFor } from "./harness/wait-for.js";

interface Ends {
  readonly tap: TappedTransport;
  readonly app: SecureLink;
  readonly device: SecureLink;
  readonly atDevice: Uint8Array[];
  readonly deviceErrors: Error[];
  readonly atApp: Uint8Array[];
}

const open: TransportPair[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

async function ends(kind: keyof typeof transportKinds, app: Omit<SecureLinkOptions, "role"> = {}, device: Omit<SecureLinkOptions, "role"> = app): Promise<Ends> {
  const pair = await transportKinds[kind]();
  open.push(pair);
  const tap = new TappedTransport(pair.app);
  const appLink = new SecureLink(tap, { ...app, role: "app" });
  const deviceLink = new SecureLink(pair.device, { ...device, role: "device" });
  const atDevice: Uint8Array[] = [];
  const atApp: Uint8Array[] = [];
  const deviceErrors: Error[] = [];
  deviceLink.onFrame((_, body) => atDevice.push(body));
  appLink.onFrame((_, body) => atApp.push(body));
  deviceLink.onError((e) => deviceErrors.push(e));
  return { tap, app: appLink, device: deviceLink, atDevice, atApp, deviceErrors };
}

async function paired(kind: keyof typeof transportKinds, options: Omit<SecureLinkOptions, "role"> = {}): Promise<Ends> {
  const e = await ends(kind, options);
  await Promise.all([e.app.pair(), e.device.pair()]);
  return e;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

/** Sends one good frame and checks the device accepts it as the next one: the session survived whatever came before. */
async function expectSessionIntact(e: Ends, lastBefore: number): Promise<void> {
  expect(e.device.receiveState).toEqual({ paired: true, lastAcceptedSequence: lastBefore });
  const count = e.atDevice.length;
  await e.app.send(FrameType.MESSAGE, bytes("still here"));
  await waitFor(() => e.atDevice.length > count, 2000, "good frame after bad one");
  expect(Buffer.from(e.atDevice[e.atDevice.length - 1]!).toString()).toBe("still here");
  expect(e.device.receiveState.lastAcceptedSequence).toBeGreaterThan(lastBefore);
}

describe.each(["memory", "tcp"] as const)("SecureLink over %s (MTU 20)", (kind) => {
  it("pairs by X25519 ECDH and both ends derive the same comparison code", async () => {
    const e = await ends(kind);
    const [a, d] = await Promise.all([e.app.pair(), e.device.pair()]);
    expect(a.pairingCode).toMatch(/^\d{6}$/);
    expect(a.pairingCode).toBe(d.pairingCode);
    expect(a.peerPublicKey).toEqual(d.localPublicKey);
    expect(d.peerPublicKey).toEqual(a.localPublicKey);
    expect(e.app.paired && e.device.paired).toBe(true);
  });

  it("carries messages both ways, chunked to the MTU, encrypted on the wire", async () => {
    const e = await paired(kind);
    const secret = "heart rate 72 bpm, a value no packet may show in the clear";
    await e.app.send(FrameType.MESSAGE, bytes(secret));
    await e.device.send(FrameType.MESSAGE, bytes("ack"));
    const big = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
    await e.app.send(FrameType.MESSAGE, big);
    await waitFor(() => e.atDevice.length === 2 && e.atApp.length === 1);
    expect(Buffer.from(e.atDevice[0]!).toString()).toBe(secret);
    expect(e.atDevice[1]).toEqual(big);
    expect(Buffer.from(e.atApp[0]!).toString()).toBe("ack");
    for (const p of e.tap.sent) expect(p.length).toBeLessThanOrEqual(20);
    const wire = Buffer.concat(e.tap.sent);
    expect(wire.includes(Buffer.from("heart rate"))).toBe(false);
    expect(e.tap.sent.length).toBeGreaterThan(5000 / 14);
  });

  it("rejects a replayed frame and keeps the session", async () => {
    const e = await paired(kind);
    const from = e.tap.sent.length;
    await e.app.send(FrameType.MESSAGE, bytes("pay 1"));
    await waitFor(() => e.atDevice.length === 1);
    const last = e.device.receiveState.lastAcceptedSequence;
    for (const p of e.tap.sent.slice(from)) await e.tap.inject(p);
    await waitFor(() => e.deviceErrors.length === 1);
    expect(e.deviceErrors[0]).toBeInstanceOf(ReplayedFrameError);
    expect((e.deviceErrors[0] as ReplayedFrameError).code).toBe("REPLAYED_FRAME");
    expect(e.atDevice).toHaveLength(1);
    await expectSessionIntact(e, last);
  });

  it("rejects the earlier of two reordered frames", async () => {
    const e = await paired(kind);
    e.tap.hold = true;
    await e.app.send(FrameType.MESSAGE, bytes("first"));
    const firstPackets = e.tap.held.length;
    await e.app.send(FrameType.MESSAGE, bytes("second"));
    e.tap.hold = false;
    const order = [...e.tap.held.keys()].slice(firstPackets).concat([...e.tap.held.keys()].slice(0, firstPackets));
    await e.tap.release(order);
    await waitFor(() => e.deviceErrors.length === 1 && e.atDevice.length === 1);
    expect(Buffer.from(e.atDevice[0]!).toString()).toBe("second");
    expect(e.deviceErrors[0]).toBeInstanceOf(ReplayedFrameError);
    await expectSessionIntact(e, e.device.receiveState.lastAcceptedSequence);
  });

  it("rejects tampered ciphertext and tampered headers (AAD) with a typed error", async () => {
    const e = await paired(kind);
    const last = e.device.receiveState.lastAcceptedSequence;
    e.tap.mutate = (p) => {
      p[p.length - 1]! ^= 0x01; // last byte of the last chunk: inside the GCM tag
      return p;
    };
    await e.app.send(FrameType.MESSAGE, bytes("x"));
    await waitFor(() => e.deviceErrors.length === 1);
    expect(e.deviceErrors[0]).toBeInstanceOf(FrameAuthenticationError);
    expect((e.deviceErrors[0] as FrameAuthenticationError).code).toBe("BAD_AUTH_TAG");
    e.tap.mutate = (p) => {
      if (p[2] === 0 && p[3] === 0) p[6 + 1] = FrameType.BINDING_PROOF; // the frame type byte, in the first chunk
      return p;
    };
    await e.app.send(FrameType.MESSAGE, bytes("y"));
    await waitFor(() => e.deviceErrors.length === 2);
    expect(e.deviceErrors[1]).toBeInstanceOf(FrameAuthenticationError);
    e.tap.mutate = undefined;
    expect(e.atDevice).toHaveLength(0);
    await expectSessionIntact(e, last);
  });

  it("rejects a truncated frame", async () => {
    const e = await paired(kind);
    const last = e.device.receiveState.lastAcceptedSequence;
    e.tap.mutate = (p) => (p[2] === 0 && p[3] === 1 ? p.subarray(0, p.length - 1) : p);
    await e.app.send(FrameType.MESSAGE, bytes("a frame of two chunks"));
    await waitFor(() => e.deviceErrors.length === 1);
    expect(e.deviceErrors[0]).toBeInstanceOf(TruncatedFrameError);
    e.tap.mutate = undefined;
    await expectSessionIntact(e, last);
  });

  it("rejects garbage bytes and a too-short packet", async () => {
    const e = await paired(kind);
    const last = e.device.receiveState.lastAcceptedSequence;
    await e.tap.inject(new Uint8Array([0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54]));
    await e.tap.inject(new Uint8Array([0xd1, 0x05]));
    await waitFor(() => e.deviceErrors.length === 2);
    expect(e.deviceErrors[0]).toBeInstanceOf(MalformedFrameError);
    expect((e.deviceErrors[0] as MalformedFrameError).reason).toBe("BAD_MAGIC");
    expect(e.deviceErrors[1]).toBeInstanceOf(TruncatedFrameError);
    await expectSessionIntact(e, last);
  });

  it("rejects an unknown frame type", async () => {
    const e = await paired(kind);
    const last = e.device.receiveState.lastAcceptedSequence;
    const body = new Uint8Array(20);
    for (const p of chunkFrame(encodeFrame(encodeFrameHeader(0x7f as FrameType, 99, body.length), body), 99, 20)) await e.tap.inject(p);
    await waitFor(() => e.deviceErrors.length === 1);
    expect(e.deviceErrors[0]).toBeInstanceOf(UnknownFrameTypeError);
    expect((e.deviceErrors[0] as UnknownFrameTypeError).code).toBe("UNKNOWN_FRAME_TYPE");
    await expectSessionIntact(e, last);
  });

  it("refuses to send an oversized message without using a sequence number, and drops oversized frames on receipt", async () => {
    const e = await ends(kind, { maxMessageBytes: 10_000 }, { maxMessageBytes: 256 });
    await Promise.all([e.app.pair(), e.device.pair()]);
    await expect(e.device.send(FrameType.MESSAGE, new Uint8Array(257))).rejects.toBeInstanceOf(OversizedMessageError);
    await e.device.send(FrameType.MESSAGE, bytes("fits"));
    await waitFor(() => e.atApp.length === 1);
    expect(e.app.receiveState.lastAcceptedSequence).toBe(2); // CONFIRM was 1; the refused send used nothing
    const last = e.device.receiveState.lastAcceptedSequence;
    await e.app.send(FrameType.MESSAGE, new Uint8Array(1000));
    await waitFor(() => e.deviceErrors.length > 0);
    expect(e.deviceErrors[0]).toBeInstanceOf(OversizedMessageError);
    expect((e.deviceErrors[0] as OversizedMessageError).code).toBe("OVERSIZED_MESSAGE");
    await settle();
    await expectSessionIntact(e, last);
  });

  it("rejects frames sealed under another session's key", async () => {
    const e = await paired(kind);
    const last = e.device.receiveState.lastAcceptedSequence;
    const other = createMemoryTransportPair({ mtu: 20 });
    const otherTap = new TappedTransport(other.a);
    const otherApp = new SecureLink(otherTap, { role: "app" });
    const otherDevice = new SecureLink(other.b, { role: "device" });
    await Promise.all([otherApp.pair(), otherDevice.pair()]);
    for (let i = 0; i < 3; i++) await otherApp.send(FrameType.MESSAGE, bytes(`forged ${i}`));
    const forged = otherTap.sent.slice(-6);
    for (const p of forged) await e.tap.inject(p);
    await waitFor(() => e.deviceErrors.length >= 1);
    await settle();
    expect(e.deviceErrors.every((err) => err instanceof FrameAuthenticationError)).toBe(true);
    expect(e.atDevice).toHaveLength(0);
    await other.a.close();
    await expectSessionIntact(e, last);
  });

  it("loses only the frame whose chunk was lost", async () => {
    const e = await paired(kind);
    e.tap.mutate = (p) => (p[2] === 0 && p[3] === 1 ? undefined : p);
    await e.app.send(FrameType.MESSAGE, bytes("this one loses its second chunk"));
    e.tap.mutate = undefined;
    await e.app.send(FrameType.MESSAGE, bytes("this one arrives"));
    await waitFor(() => e.atDevice.length === 1);
    expect(Buffer.from(e.atDevice[0]!).toString()).toBe("this one arrives");
    expect(e.deviceErrors).toHaveLength(0);
  });

  it("ignores HELLO once paired (no one can reset a live session)", async () => {
    const e = await paired(kind);
    const last = e.device.receiveState.lastAcceptedSequence;
    const body = new Uint8Array(32).fill(9);
    for (const p of chunkFrame(encodeFrame(encodeFrameHeader(FrameType.HELLO, 0, 32), body), 0, 20)) await e.tap.inject(p);
    await waitFor(() => e.deviceErrors.length === 1);
    expect(e.deviceErrors[0]).toMatchObject({ code: "MALFORMED_FRAME", reason: "UNEXPECTED_FRAME" });
    await expectSessionIntact(e, last);
  });
});

describe("SecureLink pairing failures", () => {
  it("fails key confirmation when the out-of-band secrets differ", async () => {
    const e = await ends("memory", { outOfBandSecret: bytes("123456") }, { outOfBandSecret: bytes("654321") });
    const results = await Promise.allSettled([e.app.pair(), e.device.pair()]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PairingError);
      expect((r as PromiseRejectedResult).reason.failure).toBe("KEY_CONFIRMATION_FAILED");
    }
    expect(e.app.paired || e.device.paired).toBe(false);
  });

  it("pairs when the out-of-band secrets match", async () => {
    const e = await ends("memory", { outOfBandSecret: bytes("123456") });
    const [a, d] = await Promise.all([e.app.pair(), e.device.pair()]);
    expect(a.pairingCode).toBe(d.pairingCode);
  });

  it("refuses a low-order public key", async () => {
    const e = await ends("memory");
    const pending = e.device.pair();
    const body = new Uint8Array(32); // the all-zero point: shared secret would be zero
    for (const p of chunkFrame(encodeFrame(encodeFrameHeader(FrameType.HELLO, 0, 32), body), 0, 20)) await e.tap.inject(p);
    await expect(pending).rejects.toMatchObject({ name: "PairingError", failure: "INVALID_PUBLIC_KEY" });
    expect(e.device.paired).toBe(false);
  });

  it("times out when nobody answers", async () => {
    const { a } = createMemoryTransportPair();
    const app = new SecureLink(a, { role: "app", pairingTimeoutMs: 30 });
    await expect(app.pair()).rejects.toMatchObject({ failure: "TIMEOUT", code: "PAIRING_FAILED" });
  });

  it("refuses sealed frames before pairing, on both sides", async () => {
    const e = await ends("memory");
    await expect(e.app.send(FrameType.MESSAGE, bytes("early"))).rejects.toBeInstanceOf(NotPairedError);
    const body = new Uint8Array(30);
    for (const p of chunkFrame(encodeFrame(encodeFrameHeader(FrameType.MESSAGE, 5, 30), body), 5, 20)) await e.tap.inject(p);
    await waitFor(() => e.deviceErrors.length === 1);
    expect(e.deviceErrors[0]).toBeInstanceOf(NotPairedError);
  });

  it("refuses to send once closed", async () => {
    const e = await paired("memory");
    await e.app.close();
    await expect(e.app.send(FrameType.MESSAGE, bytes("late"))).rejects.toBeInstanceOf(LinkClosedError);
    await waitFor(() => e.device.closed);
  });
});
