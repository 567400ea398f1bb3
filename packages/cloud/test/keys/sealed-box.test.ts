import { randomBytes } from "node:crypto";
import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SealedDataError } from "../../src/index.js";
import { contextBytes, contextExtender, open, openMany, SEAL_OVERHEAD, seal, sealMany } from "../../src/keys/sealed-box.js";

const key = new Uint8Array(randomBytes(32));
const aad = contextBytes("test", "subject-1");

describe("sealed box (AES-256-GCM)", () => {
  it("opens what it sealed, and the ciphertext does not contain the plaintext", () => {
    const plaintext = Buffer.from("a very recognisable plaintext");
    const sealed = seal(key, plaintext, aad);
    expect(sealed.length).toBe(plaintext.length + SEAL_OVERHEAD);
    expect(Buffer.from(sealed).includes(plaintext)).toBe(false);
    expect(Buffer.from(open(key, sealed, aad, "probe")).toString()).toBe("a very recognisable plaintext");
  });

  it("uses a fresh nonce every time", () => {
    const a = seal(key, Buffer.from("same"), aad);
    const b = seal(key, Buffer.from("same"), aad);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("refuses another context, another key, a flipped bit and a truncation", () => {
    const sealed = seal(key, Buffer.from("payload"), aad);
    const problem = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(SealedDataError);
        return (err as SealedDataError).problem;
      }
      return "opened";
    };
    expect(problem(() => open(key, sealed, contextBytes("test", "subject-2"), "probe"))).toBe("AUTHENTICATION_FAILED");
    expect(problem(() => open(new Uint8Array(randomBytes(32)), sealed, aad, "probe"))).toBe("AUTHENTICATION_FAILED");
    const flipped = new Uint8Array(sealed);
    flipped[20]! ^= 1;
    expect(problem(() => open(key, flipped, aad, "probe"))).toBe("AUTHENTICATION_FAILED");
    expect(problem(() => open(key, sealed.subarray(0, sealed.length - 1), aad, "probe"))).toBe("AUTHENTICATION_FAILED");
    expect(problem(() => open(key, sealed.subarray(0, 10), aad, "probe"))).toBe("MALFORMED");
    const otherVersion = new Uint8Array(sealed);
    otherVersion[0] = 2;
    expect(problem(() => open(key, otherVersion, aad, "probe"))).toBe("MALFORMED");
  });

  it("keeps context parts apart: (ab, c) and (a, bc) differ", () => {
    expect(Buffer.from(contextBytes("ab", "c")).equals(Buffer.from(contextBytes("a", "bc")))).toBe(false);
  });

  it("throws only SealedDataError for arbitrary bytes (fuzz)", () => {
    const params = replayable("sealed box: open arbitrary bytes", 500);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, versioned) => {
        const input = versioned && bytes.length > 0 ? Uint8Array.from([1, ...bytes]) : bytes;
        try {
          open(key, input, aad, "fuzz");
          return false; // a forgery that opens would be a failure
        } catch (err) {
          return err instanceof SealedDataError;
        }
      }),
      params,
    );
  });

  it("round-trips arbitrary plaintexts and contexts (property)", () => {
    const params = replayable("sealed box: round trip", 200);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string(), (plaintext, context) => {
        const c = contextBytes(context);
        return Buffer.from(open(key, seal(key, plaintext, c), c, "prop")).equals(Buffer.from(plaintext));
      }),
      params,
    );
  });

  it("contextExtender gives the bytes contextBytes gives for the same parts (property)", () => {
    const params = replayable("sealed box: context extender", 200);
    const part = fc.oneof(fc.string(), fc.uint8Array({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 3 }), fc.array(part, { minLength: 1, maxLength: 4 }), (head, lasts) => {
        const extend = contextExtender(...head);
        return lasts.every((last) => Buffer.from(extend(last)).equals(Buffer.from(contextBytes(...head, last))));
      }),
      params,
    );
  });

  it("sealMany and openMany round-trip a batch, each item under its own nonce and context, and open what seal sealed", () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ plaintext: randomBytes(i * 7), aad: contextBytes("record", String(i)) }));
    const sealed = sealMany(key, items);
    expect(new Set(sealed.map((b) => Buffer.from(b.subarray(1, 13)).toString("hex"))).size).toBe(items.length);
    const opened = openMany(key, sealed.map((b, i) => ({ sealed: b, aad: items[i]!.aad })), "batch");
    opened.forEach((p, i) => expect(Buffer.from(p).equals(Buffer.from(items[i]!.plaintext))).toBe(true));
    expect(Buffer.from(open(key, sealed[3]!, items[3]!.aad, "one")).equals(Buffer.from(items[3]!.plaintext))).toBe(true);
    const single = seal(key, items[5]!.plaintext, items[5]!.aad);
    expect(Buffer.from(openMany(key, [{ sealed: single, aad: items[5]!.aad }], "one")[0]!).equals(Buffer.from(items[5]!.plaintext))).toBe(true);
    // Another item's context does not open it.
    expect(() => openMany(key, [{ sealed: sealed[0]!, aad: items[1]!.aad }], "swapped")).toThrow(SealedDataError);
  });
});
