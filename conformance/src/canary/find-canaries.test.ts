import { gzipSync } from "node:zlib";
import { ScalarType } from "@bufbuild/protobuf";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayable } from "@datapact/arbitrary";
import type { Observation } from "../observe/observation.js";
import { Canary, stringCanaryPrefix } from "./canary.js";
import { findCanaries } from "./find-canaries.js";

const utf8 = new TextEncoder();
const step = { number: 3, name: "emit_device_frame", summary: "emit_device_frame d1 test.Message" };

function observe(bytes: Uint8Array | string, sink: Observation["sink"] = "log"): Observation {
  return { sink, bytes: typeof bytes === "string" ? utf8.encode(bytes) : bytes };
}

function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
}

function plainOf(canary: Canary): Uint8Array {
  return typeof canary.value === "string" ? utf8.encode(canary.value) : (canary.value as Uint8Array);
}

/** Renders `bytes` the way a leaky implementation might, with `prefix` bytes of other data before it in the same encoded blob. */
function encodeAt(bytes: Uint8Array, encoding: string, prefix: Uint8Array): string | Uint8Array {
  const blob = concat(prefix, bytes, "~tail~");
  switch (encoding) {
    case "plain":
      return blob;
    case "hex":
      return Buffer.from(blob).toString("hex");
    case "HEX":
      return Buffer.from(blob).toString("hex").toUpperCase();
    case "base64":
      return Buffer.from(blob).toString("base64");
    case "base64url":
      return Buffer.from(blob).toString("base64url");
    default:
      throw new Error(encoding);
  }
}

describe("canaries", () => {
  it("a string canary is dpc_ and 20 base32 characters; two mints never collide", () => {
    const a = Canary.mint("text");
    const b = Canary.mint("text");
    expect(a.value).toMatch(new RegExp(`^${stringCanaryPrefix}[a-z2-7]{20}$`));
    expect(a.value).not.toBe(b.value);
    expect((Canary.mint("blob", { scalar: ScalarType.BYTES }).value as Uint8Array).length).toBe(16);
  });

  it("numeric canaries are rare values of the field's type", () => {
    const int32 = Canary.mint("n", { scalar: ScalarType.INT32 }).value as number;
    expect(int32).toBeGreaterThanOrEqual(1_000_000_000);
    expect(int32).toBeLessThanOrEqual(0x7fffffff);
    const uint64 = Canary.mint("n", { scalar: ScalarType.UINT64 }).value as bigint;
    expect(uint64).toBeGreaterThanOrEqual(10_000_000_000_000_000_000n);
    expect(uint64).toBeLessThan(1n << 64n);
    const float = Canary.mint("n", { scalar: ScalarType.FLOAT }).value as number;
    expect(Math.fround(float)).toBe(float);
    expect(Number.isInteger(float)).toBe(false);
  });

  describe.each(["plain", "hex", "HEX", "base64", "base64url"])("found in %s", (encoding) => {
    it.each([0, 1, 2, 5])("at %i bytes into the encoded blob, for strings and bytes", (offset) => {
      for (const canary of [Canary.mint("frames[0].text", { step }), Canary.mint("blob", { scalar: ScalarType.BYTES, step })]) {
        const hits = findCanaries([observe(encodeAt(plainOf(canary), encoding, new Uint8Array(offset).fill(0x41)))], [canary]);
        // Where base64 and base64url agree (no + or / in the core), the hit says base64.
        const accepted = encoding === "base64url" ? ["base64url", "base64"] : [encoding];
        expect(hits.some((h) => h.canary === canary && accepted.includes(h.encoding) && h.via.length === 0)).toBe(true);
        expect(hits[0]!.canary.fieldPath).toBe(canary.fieldPath);
        expect(hits[0]!.canary.step).toEqual(step);
      }
    });
  });

  it("inside protobuf bytes nested three deep, and inside base64 of protobuf, and gzip", () => {
    const canary = Canary.mint("detail.note");
    const inner = new BinaryWriter().uint32(7).tag(2, 2).string(canary.value as string).finish();
    const middle = new BinaryWriter().tag(1, 0).int32(5).tag(3, 2).bytes(inner).finish();
    const outer = new BinaryWriter().tag(4, 2).bytes(middle).finish();
    expect(findCanaries([observe(outer, "hop:app->cloud")], [canary]).map((h) => h.encoding)).toContain("plain");
    const asJson = `{"payload":"${Buffer.from(outer).toString("base64")}"}`;
    expect(findCanaries([observe(asJson)], [canary]).map((h) => h.encoding)).toContain("base64");
    const zipped = gzipSync(outer);
    expect(Buffer.from(zipped).includes(Buffer.from(canary.value as string))).toBe(false);
    const hits = findCanaries([observe(zipped, "db:public.blobs.body")], [canary]);
    expect(hits.map((h) => [h.sink, h.encoding, h.via[0]])).toContainEqual(["db:public.blobs.body", "plain", "gzip"]);
  });

  it("a string canary base64-encoded twice is found through the decoded run", () => {
    const canary = Canary.mint("text");
    const twice = Buffer.from(Buffer.from(`note=${canary.value as string}`).toString("base64")).toString("base64");
    const hits = findCanaries([observe(`x ${twice} y`)], [canary]);
    expect(hits.some((h) => h.via.includes("base64"))).toBe(true);
  });

  it("numeric canaries: as protobuf field values at any depth (varint, zigzag, fixed), and as decimal text bounded by non-digits", () => {
    const int32 = Canary.mint("count", { scalar: ScalarType.INT32 });
    const sint64 = Canary.mint("detail.level", { scalar: ScalarType.SINT64 });
    const double = Canary.mint("detail.ratio", { scalar: ScalarType.DOUBLE });
    const float = Canary.mint("detail.weight", { scalar: ScalarType.FLOAT });
    const all = [int32, sint64, double, float];
    const inner = new BinaryWriter()
      .tag(3, 0)
      .sint64(sint64.value as bigint)
      .tag(4, 1)
      .double(double.value as number)
      .tag(5, 5)
      .float(float.value as number)
      .finish();
    const outer = new BinaryWriter()
      .tag(3, 0)
      .int32(int32.value as number)
      .tag(4, 2)
      .bytes(inner)
      .finish();
    const hits = findCanaries([observe(outer, "hop:app->cloud")], all);
    for (const c of all) expect(hits.some((h) => h.canary === c && (h.encoding === "protobuf" || h.encoding === "plain"))).toBe(true);

    const text = `count=${int32.value} level:${sint64.value} ratio ${double.value}`;
    const textHits = findCanaries([observe(text)], all);
    expect(new Set(textHits.filter((h) => h.encoding === "decimal").map((h) => h.canary))).toEqual(new Set([int32, sint64, double]));
    expect(findCanaries([observe(`id=9${int32.value}1`)], [int32])).toEqual([]);
  });

  it("each hit names the canary's field path and step, the sink and where in it", () => {
    const canary = Canary.mint("frames[2].text", { step });
    const [hit] = findCanaries([{ sink: "db:app.records.body", bytes: utf8.encode(`x${canary.value as string}`), detail: "row 4" }], [canary]);
    expect(hit).toMatchObject({ sink: "db:app.records.body", detail: "row 4", encoding: "plain" });
    expect(hit!.canary.fieldPath).toBe("frames[2].text");
    expect(hit!.canary.step).toEqual(step);
  });

  it("property: a canary anywhere in random bytes, in any encoding, is found, and no other canary is", () => {
    const encodings = fc.constantFrom("plain", "hex", "HEX", "base64", "base64url");
    const kinds = fc.constantFrom(ScalarType.STRING, ScalarType.BYTES);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), encodings, kinds, (before, after, encoding, scalar) => {
        const planted = Canary.mint("f", { scalar });
        const other = Canary.mint("g", { scalar });
        const encoded = encodeAt(plainOf(planted), encoding, before);
        const hits = findCanaries([observe(concat(after, encoded, before))], [planted, other]);
        expect(hits.some((h) => h.canary === planted)).toBe(true);
        expect(hits.some((h) => h.canary === other)).toBe(false);
      }),
      replayable("canaries are found in every encoding at every offset", 300),
    );
  });

  it("property: random data never reports a canary (no false positives)", () => {
    const data = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      fc.string({ maxLength: 2000 }).map((s) => utf8.encode(s)),
      fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 200 }).map((ns) => utf8.encode(ns.join(","))),
      fc.uint8Array({ maxLength: 1500 }).map((b) => utf8.encode(Buffer.from(b).toString("base64"))),
    );
    const scalars = [ScalarType.STRING, ScalarType.BYTES, ScalarType.INT32, ScalarType.UINT32, ScalarType.INT64, ScalarType.SINT64, ScalarType.DOUBLE, ScalarType.FLOAT];
    fc.assert(
      fc.property(fc.array(data, { minLength: 1, maxLength: 4 }), (blobs) => {
        const canaries = scalars.flatMap((scalar) => [Canary.mint("a", { scalar }), Canary.mint("b", { scalar })]);
        expect(findCanaries(blobs.map((b) => observe(b)), canaries)).toEqual([]);
      }),
      replayable("no canary is ever found in random data", 200),
    );
  });
});
