import { create, createRegistry, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { atRestSealing, forStorage, partitionAtRest, productOf, ThirdPartyDirectValueError } from "@datapact/policy";
import { band, pactFiles, Tier } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atRestPayloads } from "../../src/storage/records/prepared-record.js";
import { withoutTopLevelFields } from "../../src/storage/records/top-level-fields.js";

const registry = createRegistry(...pactFiles);
const productMessages: DescMessage[] = pactFiles
  .filter((f) => productOf(f) !== undefined)
  .flatMap((f) => [...registry].filter((t): t is DescMessage => t.kind === "message" && t.file === f && !t.proto.options?.mapEntry));

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => (a === undefined || b === undefined ? a === b : Buffer.from(a).equals(Buffer.from(b)));

describe("atRestPayloads", () => {
  it("gives exactly the bytes of partitionAtRest's plain copy and of the whole message, for every product type (property)", () => {
    const params = replayable("atRestPayloads: same bytes as the partition", 1000);
    let cut = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...productMessages).chain((s) => messageArbitrary(s).map((m) => [s, m] as const)),
        ([schema, message]) => {
          let stored;
          try {
            stored = forStorage(schema, message, Tier.CLOUD);
          } catch (err) {
            if (err instanceof ThirdPartyDirectValueError) return;
            throw err;
          }
          const { plain, hasSealed } = partitionAtRest(schema, stored, Tier.CLOUD);
          const payloads = atRestPayloads(schema, stored);
          expect(same(payloads.payloadPlain, toBinary(schema, plain))).toBe(true);
          expect(same(payloads.payloadToSeal, hasSealed ? toBinary(schema, stored) : undefined)).toBe(true);
          const sealing = atRestSealing(schema, Tier.CLOUD);
          if (hasSealed && !sealing.belowTopLevel) cut++;
        },
      ),
      params,
    );
    // The cutting path ran, not only the partition.
    expect(cut).toBeGreaterThan(100);
  });

  it("cuts every occurrence of a sealed field and nothing else", () => {
    const bytes = toBinary(band.FeedbackRecordSchema, create(band.FeedbackRecordSchema, { feedbackText: "loose strap", contactEmail: "a@example.org", deviceType: "band 8" }));
    const email = band.FeedbackRecordSchema.field.contactEmail!.number;
    const result = withoutTopLevelFields(bytes, new Set([email]));
    expect(result?.cut).toBe(true);
    expect(Buffer.from(result!.bytes).toString("latin1")).not.toContain("a@example.org");
    expect(Buffer.from(result!.bytes).toString("latin1")).toContain("loose strap");
    // A field repeated on the wire is cut wherever it occurs.
    const twice = Buffer.concat([bytes, bytes]);
    const cutTwice = withoutTopLevelFields(twice, new Set([email]));
    expect(Buffer.from(cutTwice!.bytes).toString("latin1")).not.toContain("a@example.org");
    expect(cutTwice!.bytes.length).toBe(2 * result!.bytes.length);
    // Nothing to cut: the same bytes back.
    expect(withoutTopLevelFields(bytes, new Set([99]))).toEqual({ bytes, cut: false });
  });

  it("never throws on arbitrary bytes, and what it returns is made of the input's bytes (fuzz)", () => {
    const params = replayable("withoutTopLevelFields: arbitrary bytes", 3000);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }), (bytes, numbers) => {
        const result = withoutTopLevelFields(bytes, new Set(numbers));
        if (result === undefined) return;
        expect(result.bytes.length).toBeLessThanOrEqual(bytes.length);
        // A cut field takes at least a tag byte and a value byte; nothing cut gives the input itself.
        expect(result.cut).toBe(result.bytes.length < bytes.length);
        if (!result.cut) expect(result.bytes).toBe(bytes);
        // What it keeps walks again and has nothing left to cut.
        expect(withoutTopLevelFields(result.bytes, new Set(numbers))).toEqual({ bytes: result.bytes, cut: false });
      }),
      params,
    );
  });

  it("refuses groups and truncated fields rather than guess", () => {
    expect(withoutTopLevelFields(new Uint8Array([0x0b, 0x0c]), new Set([1]))).toBeUndefined(); // start and end group
    expect(withoutTopLevelFields(new Uint8Array([0x0a, 0x05, 0x61]), new Set([1]))).toBeUndefined(); // length past the end
    expect(withoutTopLevelFields(new Uint8Array([0x08, 0x80]), new Set([1]))).toBeUndefined(); // varint cut short
    expect(withoutTopLevelFields(new Uint8Array([0x00, 0x01]), new Set([1]))).toBeUndefined(); // field number 0
  });
});
