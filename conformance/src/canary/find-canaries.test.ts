import { gzipSync } from "node:zlib";
import { ScalarType } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayable } from "@datapact/arbitrary";
import type { Observation } from "../observe/observation.js";
import { Canary, stringCanaryPrefix } from "./canary.js";
import { maxPacked32Elements, walkDecodedLayers } from "./decoded-layers.js";
import { findCanaries } from "./find-canaries.js";

const utf8 = new TextEncoder();
const step = { number: 3, name: "emit_device_frame", summary: "emit_device_frame d1 test.Message" };

function observe(bytes: Uint8Array | string, sink: Observation["sink"] = "log"): Observation {
  return { sink, bytes: typeof bytes === "string" ? utf8.encode(bytes) : bytes };
}

function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
}

function randomBytesOf(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 151 + 89) & 0xff);
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

  it("a place observed at two steps gives a hit at each, and at one step once", () => {
    const canary = Canary.mint("notes.body");
    const later = { number: 9, name: "export", summary: "export a1" };
    const at = (s: typeof step) => ({ sink: "export" as const, bytes: utf8.encode(`x ${canary.value as string} y`), step: s, detail: "record 1 test.Note" });
    const hits = findCanaries([at(step), at(later), at(later)], [canary]);
    expect(hits.map((h) => h.observedAt?.number)).toEqual([3, 9]);
    expect(hits.every((h) => h.sink === "export" && h.detail === "record 1 test.Note")).toBe(true);
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

  describe("numeric canaries in packed repeated fields", () => {
    /** How an element of each scalar type is written into a packed field. */
    const writeElement: Partial<Record<ScalarType, (w: BinaryWriter, v: number | bigint) => BinaryWriter>> = {
      [ScalarType.INT32]: (w, v) => w.int32(Number(v)),
      [ScalarType.UINT32]: (w, v) => w.uint32(Number(v)),
      [ScalarType.SINT32]: (w, v) => w.sint32(Number(v)),
      [ScalarType.INT64]: (w, v) => w.int64(v),
      [ScalarType.UINT64]: (w, v) => w.uint64(v),
      [ScalarType.SINT64]: (w, v) => w.sint64(v),
      [ScalarType.FIXED32]: (w, v) => w.fixed32(Number(v)),
      [ScalarType.SFIXED32]: (w, v) => w.sfixed32(Number(v)),
      [ScalarType.FIXED64]: (w, v) => w.fixed64(v),
      [ScalarType.SFIXED64]: (w, v) => w.sfixed64(v),
      [ScalarType.FLOAT]: (w, v) => w.float(Number(v)),
      [ScalarType.DOUBLE]: (w, v) => w.double(Number(v)),
    };
    /** Ordinary elements of a scalar type around the canary: small and negative values, zero. */
    const ordinary = (scalar: ScalarType): (number | bigint)[] => {
      const wide = [ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64].includes(scalar);
      const signed = ![ScalarType.UINT32, ScalarType.UINT64, ScalarType.FIXED32, ScalarType.FIXED64].includes(scalar);
      const values = [0, 7, 300, 65_000, ...(signed ? [-1, -123_456] : [])];
      return wide ? values.map(BigInt) : values;
    };
    /** `Reading { string label = 1; repeated <scalar> values = 4 [packed]; int32 count = 5; }` with the canary among ordinary elements. */
    const packedReading = (scalar: ScalarType, canary: Canary): Uint8Array => {
      const write = writeElement[scalar]!;
      const w = new BinaryWriter().tag(1, WireType.LengthDelimited).string("reading").tag(4, WireType.LengthDelimited).fork();
      const [first, ...rest] = ordinary(scalar);
      write(w, first!);
      write(w, canary.value as number | bigint);
      for (const v of rest) write(w, v);
      return w.join().tag(5, WireType.Varint).int32(3).finish();
    };

    it.each((Object.keys(writeElement).map(Number) as ScalarType[]).map((scalar) => [ScalarType[scalar].toLowerCase(), scalar] as const))("%s: found nested two messages deep, and through base64 of the message", (_name, scalar) => {
      const canary = Canary.mint("readings[1].values[1]", { scalar, step });
      const reading = packedReading(scalar, canary);
      // Record { bytes id = 1; repeated Reading readings = 3; } inside Batch { repeated Record records = 2; }
      const record = new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(randomBytesOf(16)).tag(3, WireType.LengthDelimited).bytes(packedReading(ScalarType.INT32, Canary.mint("x", { scalar: ScalarType.INT32 }))).tag(3, WireType.LengthDelimited).bytes(reading).finish();
      const batch = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(record).finish();
      const hits = findCanaries([observe(batch, "hop:app->cloud")], [canary]);
      // Found through the packed field itself (a message of varints also reads as one long varint run, which may find it too).
      const packed = hits.find((h) => h.encoding === "protobuf" && h.via.length === 4 && h.via.at(-1)?.startsWith("packed "));
      expect(packed, "a hit through the packed field").toBeDefined();
      expect(packed!.via.slice(0, 3)).toEqual(["protobuf field 2", "protobuf field 3", "protobuf field 4"]);
      expect(packed!.canary.fieldPath).toBe("readings[1].values[1]");
      expect(packed!.canary.step).toEqual(step);
      const asJson = `{"batch":"${Buffer.from(batch).toString("base64")}"}`;
      expect(findCanaries([observe(asJson)], [canary]).some((h) => h.via[0] === "base64" && h.via.at(-1)?.startsWith("packed "))).toBe(true);
    });

    it("a hit says how the run was read, and names no value", () => {
      const canary = Canary.mint("values[0]", { scalar: ScalarType.INT64 });
      const [hit] = findCanaries([observe(packedReading(ScalarType.INT64, canary), "db:public.readings.body")], [canary]);
      expect(hit).toMatchObject({ sink: "db:public.readings.body", encoding: "protobuf", via: ["protobuf field 4", "packed varint"] });
      expect(JSON.stringify(hit!.via)).not.toContain(String(canary.value));
    });

    it(`32-bit elements are read from short runs only (${maxPacked32Elements} elements); 64-bit ones from runs of any length`, () => {
      const int32 = Canary.mint("n", { scalar: ScalarType.INT32 });
      const int64 = Canary.mint("m", { scalar: ScalarType.INT64 });
      const run = (count: number, write: (w: BinaryWriter, i: number) => void) => {
        const w = new BinaryWriter().tag(4, WireType.LengthDelimited).fork();
        for (let i = 0; i < count; i++) write(w, i);
        return w.join().finish();
      };
      const at = (count: number, value: number | bigint, write: (w: BinaryWriter, v: number | bigint) => BinaryWriter) => run(count, (w, i) => write(w, i === count - 1 ? value : typeof value === "bigint" ? BigInt(1_000 + i) : 1_000 + i));
      const int32Write = writeElement[ScalarType.INT32]!;
      const int64Write = writeElement[ScalarType.INT64]!;
      expect(findCanaries([observe(at(maxPacked32Elements, int32.value as number, int32Write))], [int32])).toHaveLength(1);
      expect(findCanaries([observe(at(maxPacked32Elements + 1, int32.value as number, int32Write))], [int32])).toEqual([]);
      expect(findCanaries([observe(at(10 * maxPacked32Elements, int64.value as bigint, int64Write))], [int64])).toHaveLength(1);
    });

    it("property: a numeric canary anywhere among any other elements of a packed field is found", () => {
      const scalars = Object.keys(writeElement).map(Number) as ScalarType[];
      const element = (scalar: ScalarType): fc.Arbitrary<number | bigint> => {
        switch (scalar) {
          case ScalarType.INT32:
          case ScalarType.SINT32:
          case ScalarType.SFIXED32:
            return fc.integer();
          case ScalarType.UINT32:
          case ScalarType.FIXED32:
            return fc.integer({ min: 0, max: 0xffff_ffff });
          case ScalarType.UINT64:
          case ScalarType.FIXED64:
            return fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
          case ScalarType.FLOAT:
            return fc.float({ noNaN: true }).map(Math.fround);
          case ScalarType.DOUBLE:
            return fc.double({ noNaN: true });
          default:
            return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
        }
      };
      const cases = fc.constantFrom(...scalars).chain((scalar) => fc.tuple(fc.constant(scalar), fc.array(element(scalar), { maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 40 })));
      fc.assert(
        fc.property(cases, ([scalar, others, position, field]) => {
          const canary = Canary.mint("values[*]", { scalar });
          const values = [...others];
          values.splice(position % (values.length + 1), 0, canary.value as number | bigint);
          const w = new BinaryWriter().tag(field, WireType.LengthDelimited).fork();
          for (const v of values) writeElement[scalar]!(w, v);
          const message = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(w.join().finish()).finish();
          expect(findCanaries([observe(message, "hop:device->cloud")], [canary]).some((h) => h.encoding === "protobuf")).toBe(true);
        }),
        replayable("a numeric canary in a packed field is found among any elements", 500),
      );
    });

    it("property: any bytes, as they are or as a length-delimited field of a message at any depth, never throw and never show a fresh canary", () => {
      const scalars = Object.keys(writeElement).map(Number) as ScalarType[];
      const wrapped = fc.tuple(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 2000 })).map(([bytes, depth, field]) => {
        let out = bytes;
        for (let i = 0; i < depth; i++) out = new BinaryWriter().tag(field, WireType.LengthDelimited).bytes(out).tag(field + 1, WireType.Varint).int32(i).finish();
        return out;
      });
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 600 }), wrapped), { minLength: 1, maxLength: 4 }), (blobs) => {
          const canaries = scalars.map((scalar) => Canary.mint("f", { scalar }));
          for (const b of blobs) walkDecodedLayers(b, () => {}, () => {});
          expect(findCanaries(blobs.map((b) => observe(b, "db:public.blobs.body")), canaries)).toEqual([]);
        }),
        replayable("packed reading of any bytes never throws nor finds a canary", 300),
      );
    });
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
