import { toBinary, type DescMessage } from "@bufbuild/protobuf";
import { configureTextEncoding, getTextEncoding } from "@bufbuild/protobuf/wire";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { band, home } from "@datapact/proto";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { encodeUtf8WithAsciiFastPath, installAsciiTextEncoding } from "../../src/wire/ascii-text-encoding.js";

const encoder = new TextEncoder();
const original = getTextEncoding();

afterEach(() => configureTextEncoding(original));

describe("the ASCII fast path of protobuf text encoding", () => {
  it("writes exactly the bytes TextEncoder writes, for any string (property)", () => {
    const params = replayable("ascii text encoding: same bytes as TextEncoder", 2000);
    // Every code unit range: ASCII, BMP, astral pairs and lone surrogates, short and long.
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: "grapheme", maxLength: 80 }),
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), minLength: 60, maxLength: 70 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        let fellBack = false;
        const bytes = encodeUtf8WithAsciiFastPath(s, (t) => {
          fellBack = true;
          return encoder.encode(t);
        });
        expect(Array.from(bytes)).toEqual(Array.from(encoder.encode(s)));
        // The fast path is taken exactly for short ASCII strings.
        expect(fellBack).toBe(s.length > 64 || /[^\x00-\x7f]/.test(s));
      }),
      params,
    );
  });

  it("leaves protobuf-es output unchanged once installed (property over pact messages)", () => {
    const params = replayable("ascii text encoding: toBinary unchanged", 200);
    const schemas: DescMessage[] = [band.FeedbackRecordSchema, home.DeviceEventReportSchema, band.NotificationFrameSchema];
    fc.assert(
      fc.property(fc.constantFrom(...schemas).chain((schema) => messageArbitrary(schema).map((message) => ({ schema, message }))), ({ schema, message }) => {
        configureTextEncoding(original);
        const expected = toBinary(schema, message as never);
        installAsciiTextEncoding();
        expect(Array.from(toBinary(schema, message as never))).toEqual(Array.from(expected));
      }),
      params,
    );
  });

  it("is installed once and keeps the decoder and checker it found", () => {
    const decodeUtf8 = (bytes: Uint8Array) => `decoded ${bytes.length}`;
    const custom = { ...original, decodeUtf8 };
    configureTextEncoding(custom);
    installAsciiTextEncoding();
    const installed = getTextEncoding();
    expect(installed).not.toBe(custom);
    expect(installed.decodeUtf8(new Uint8Array(3))).toBe("decoded 3");
    installAsciiTextEncoding();
    expect(getTextEncoding()).toBe(installed);
    expect(Array.from(installed.encodeUtf8("dé"))).toEqual([0x64, 0xc3, 0xa9]);
  });
});
