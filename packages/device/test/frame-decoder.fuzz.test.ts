import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeBindingChallenge,
  decodeBindingProof,
  decodeChunk,
  decodeFrame,
  decodeMessageEnvelope,
  DeviceSdkError,
  FrameType,
  SecureLink,
} from "../src/index.js";
import { decodeStoredRecord } from "../src/storage/stored-record.js";
import { TappedTransport } from "./harness/tapped-transport.js";
import { transportKinds, type TransportPair } from "./harness/transport-kinds.js";
import { settle, waitFor } from "./harness/wait-for.js";

/** Runs `decode` and returns what it threw; fails the property if it threw anything but a typed SDK error. */
function onlyTypedErrors(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof DeviceSdkError)) throw error;
    expect(typeof error.code).toBe("string");
    expect(error.name).not.toBe("Error");
  }
}

const packetBytes = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 80 }),
  // Half the time, a valid marker: the decoder then has to get past the first check.
  fc.uint8Array({ minLength: 0, maxLength: 79 }).map((rest) => new Uint8Array([0xd1, ...rest])),
);

describe("decoders on random bytes", () => {
  it("decodeChunk, decodeFrame and decodeMessageEnvelope throw only typed errors", () => {
    fc.assert(
      fc.property(packetBytes, fc.integer({ min: 1, max: 1 << 20 }), (bytes, max) => {
        onlyTypedErrors(() => decodeChunk(bytes, max));
        onlyTypedErrors(() => decodeFrame(bytes, max));
        onlyTypedErrors(() => decodeFrame(new Uint8Array([1, ...bytes]), max));
        onlyTypedErrors(() => decodeMessageEnvelope(bytes));
      }),
      replayable("frame decoders on random bytes", 2000),
    );
  });

  it("binding and stored-record decoders throw only typed errors", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes, key) => {
        onlyTypedErrors(() => decodeBindingProof(bytes));
        onlyTypedErrors(() => decodeBindingProof(new Uint8Array([1, ...bytes])));
        onlyTypedErrors(() => decodeBindingChallenge(new Uint8Array([1, ...bytes])));
        onlyTypedErrors(() => decodeStoredRecord("data/k", bytes, key));
        onlyTypedErrors(() => decodeStoredRecord("data/k", new Uint8Array([0xdb, 1, ...bytes]), key));
      }),
      replayable("binding and record decoders on random bytes", 1000),
    );
  });
});

describe("a paired link under random and mutated packets", () => {
  const mtu = 64;
  let pair: TransportPair;
  let tap: TappedTransport;
  let app: SecureLink;
  let device: SecureLink;
  const atDevice: Uint8Array[] = [];
  const errors: Error[] = [];

  beforeAll(async () => {
    pair = await transportKinds.memory(mtu);
    tap = new TappedTransport(pair.app);
    app = new SecureLink(tap, { role: "app" });
    device = new SecureLink(pair.device, { role: "device", maxMessageBytes: 4096 });
    device.onFrame((_, body) => atDevice.push(body));
    device.onError((e) => errors.push(e));
    await Promise.all([app.pair(), device.pair()]);
  });
  afterAll(() => pair.close());

  /** A good frame after the bad input must still arrive: the session survived. */
  async function goodFrameArrives(text: string): Promise<void> {
    const before = atDevice.length;
    await app.send(FrameType.MESSAGE, new Uint8Array(Buffer.from(text)));
    await waitFor(() => atDevice.length > before, 2000, "good frame");
    expect(Buffer.from(atDevice[atDevice.length - 1]!).toString()).toBe(text);
  }

  it("random packets are refused with typed errors and change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(packetBytes.filter((p) => p.length > 0 && p.length <= mtu), { minLength: 1, maxLength: 6 }), async (packets) => {
        const state = device.receiveState;
        const accepted = atDevice.length;
        errors.length = 0;
        for (const p of packets) await tap.inject(p);
        await settle(2);
        expect(errors.every((e) => e instanceof DeviceSdkError)).toBe(true);
        expect(atDevice.length).toBe(accepted);
        expect(device.receiveState).toEqual(state);
        await goodFrameArrives("after random packets");
      }),
      replayable("random packets into a paired link", 150),
    );
  });

  type Mutation =
    | { kind: "flip"; packet: number; offset: number; bit: number }
    | { kind: "truncate"; packet: number; keep: number }
    | { kind: "drop"; packet: number }
    | { kind: "duplicate"; packet: number }
    | { kind: "swap"; a: number; b: number }
    | { kind: "append"; packet: number; bytes: Uint8Array };

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), packet: fc.nat(), offset: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant("truncate" as const), packet: fc.nat(), keep: fc.nat() }),
    fc.record({ kind: fc.constant("drop" as const), packet: fc.nat() }),
    fc.record({ kind: fc.constant("duplicate" as const), packet: fc.nat() }),
    fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant("append" as const), packet: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  );

  function mutate(packets: Uint8Array[], m: Mutation): Uint8Array[] {
    const out = packets.map((p) => p.slice());
    const at = (i: number) => i % out.length;
    switch (m.kind) {
      case "flip": {
        const p = out[at(m.packet)]!;
        p[m.offset % p.length]! ^= 1 << m.bit;
        return out;
      }
      case "truncate": {
        const i = at(m.packet);
        out[i] = out[i]!.subarray(0, m.keep % out[i]!.length);
        return out.filter((p) => p.length > 0);
      }
      case "drop":
        out.splice(at(m.packet), 1);
        return out;
      case "duplicate":
        out.splice(at(m.packet), 0, out[at(m.packet)]!.slice());
        return out;
      case "swap": {
        const [a, b] = [at(m.a), at(m.b)];
        [out[a], out[b]] = [out[b]!, out[a]!];
        return out;
      }
      case "append": {
        const i = at(m.packet);
        out[i] = new Uint8Array([...out[i]!, ...m.bytes]).subarray(0, mtu);
        return out;
      }
    }
  }

  it("mutated valid frames are refused with typed errors or arrive intact, and the session goes on", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), mutation, async (body, m) => {
        errors.length = 0;
        tap.hold = true;
        await app.send(FrameType.MESSAGE, body);
        tap.hold = false;
        const valid = tap.held.splice(0);
        const accepted = atDevice.length;
        const lastBefore = device.receiveState.lastAcceptedSequence;
        for (const p of mutate(valid, m)) await tap.inject(p);
        await settle(2);
        expect(errors.every((e) => e instanceof DeviceSdkError)).toBe(true);
        if (atDevice.length > accepted) {
          // Only a harmless mutation (a duplicate chunk, a swap of two chunks) lets the frame through, unchanged.
          expect(atDevice.length).toBe(accepted + 1);
          expect(atDevice[atDevice.length - 1]).toEqual(body);
        } else {
          expect(device.receiveState.lastAcceptedSequence).toBe(lastBefore);
        }
        await goodFrameArrives("after a mutated frame");
      }),
      replayable("mutations of valid frames", 200),
    );
  });
});
