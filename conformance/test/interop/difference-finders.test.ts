import { describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { cloud } from "@datapact/proto";
import {
  explains,
  InvalidKnownDifferencesError,
  jsonDifferences,
  messageDifferences,
  parseKnownDifferences,
  selectorFor,
  selects,
  tallyDifferences,
  wireFormDifferences,
  type KnownDifference,
  type ObservedDifference,
} from "../../src/interop/index.js";

const receipt = cloud.ConsentReceiptSchema;
const purposes = receipt.fields.find((f) => f.name === "purposes")!;
const givenAt = receipt.fields.find((f) => f.name === "given_at")!;

function entry(overrides: Partial<KnownDifference>): KnownDifference {
  return {
    id: "ts-proto/example",
    codec: "ts-proto",
    direction: "decode",
    aspect: "value",
    fields: "google.protobuf.Timestamp",
    explanation: "An example entry whose explanation is long enough to pass the check.",
    occurrences: 1,
    examples: [],
    ...overrides,
  };
}

function observed(overrides: Partial<ObservedDifference>): ObservedDifference {
  return { codec: "ts-proto", direction: "decode", typeName: receipt.typeName, vector: "fully-populated", path: "given_at", field: givenAt, aspect: "value", ...overrides };
}

describe("finding where a runtime differs", () => {
  it("jsonDifferences reports the deepest differing field, list elements included, and members the schema lacks", () => {
    const expected = { record: { recordId: "a", statement: { purposes: ["PURPOSE_ANALYTICS"] }, collectedAt: "1970-01-01T00:00:00Z" } };
    const actual = { record: { recordId: "a", statement: { purposes: ["UNRECOGNIZED"] }, collectedAt: "1970-01-01T00:00:00.000Z" }, bogus: 1 };
    const found = jsonDifferences(cloud.CorrectRecordRequestSchema, expected, actual);
    expect(found.map((d) => [d.path, d.field?.name])).toEqual([
      ["record.statement.purposes", "purposes"],
      ["record.collected_at", "collected_at"],
      ["bogus", undefined],
    ]);
    expect(jsonDifferences(cloud.CorrectRecordRequestSchema, expected, structuredClone(expected))).toEqual([]);
  });

  it("messageDifferences reports a Timestamp that JSON cannot even express (negative nanos) at its field", () => {
    const valid = create(receipt, { givenAt: create(TimestampSchema, { seconds: -9380583787n, nanos: 432748814 }) });
    const invalid = create(receipt, { givenAt: create(TimestampSchema, { seconds: -9380583786n, nanos: -567251186 }) });
    expect(messageDifferences(receipt, valid, invalid).map((d) => [d.path, d.aspect])).toEqual([["given_at", "value"]]);
    expect(messageDifferences(receipt, valid, valid)).toEqual([]);
  });

  it("wireFormDifferences tells packed from unpacked, and reports reordered fields for the whole message", () => {
    const message = create(receipt, { receiptId: "r", purposes: [1, 2] });
    const packed = toBinary(receipt, message);
    const unpacked = new BinaryWriter().uint32(((1 << 3) | 2) >>> 0).string("r");
    for (const p of [1, 2]) unpacked.uint32((purposes.number << 3) | 0).int32(p);
    const found = wireFormDifferences(receipt, packed, unpacked.finish());
    expect(found.map((d) => [d.path, d.field?.name, d.aspect])).toEqual([["purposes", "purposes", "wire-form"]]);

    const reordered = new BinaryWriter().uint32((purposes.number << 3) | 2).bytes(Uint8Array.of(1, 2)).uint32(((1 << 3) | 2) >>> 0).string("r").finish();
    expect(wireFormDifferences(receipt, packed, reordered).map((d) => [d.path, d.field])).toEqual([["", undefined]]);
    expect(wireFormDifferences(receipt, packed, packed)).toEqual([]);
  });
});

describe("known differences", () => {
  it("select fields by message type, enum, packable list, map or scalar type", () => {
    expect(selectorFor(givenAt, "value")).toBe("google.protobuf.Timestamp");
    expect(selectorFor(purposes, "value")).toBe("enum");
    expect(selectorFor(purposes, "wire-form")).toBe("packable-list");
    expect(selectorFor(undefined, "error")).toBe("whole-message");
    expect(selectorFor(receipt.fields.find((f) => f.name === "receipt_id")!, "value")).toBe("string");
    expect(selects("packable-list", purposes)).toBe(true);
    expect(selects("packable-list", givenAt)).toBe(false);
    expect(selects("string", purposes)).toBe(false);
  });

  it("explain a difference only in the listed vectors (and their oneof variants), unless any vector is allowed", () => {
    const onlyOpenEnum = entry({ fields: "enum", vectors: ["open-enum"] });
    const enumDiff = observed({ field: purposes, path: "purposes", vector: "open-enum.oneof-case-2" });
    expect(explains(onlyOpenEnum, enumDiff)).toBe(true);
    expect(explains(onlyOpenEnum, { ...enumDiff, vector: "open-enumerations" })).toBe(false);
    expect(explains(onlyOpenEnum, { ...enumDiff, vector: "random-1" })).toBe(false);
    expect(explains(onlyOpenEnum, { ...enumDiff, vector: "random-1" }, { anyVector: true })).toBe(true);
    expect(explains(onlyOpenEnum, { ...enumDiff, codec: "protobufjs" })).toBe(false);
    expect(explains(onlyOpenEnum, { ...enumDiff, direction: "encode" })).toBe(false);
  });

  it("tally each difference to exactly one entry, and report the unexplained and the ambiguous", () => {
    const timestamps = entry({ id: "a" });
    const alsoTimestamps = entry({ id: "b", vectors: ["extremes-max"] });
    const tally = tallyDifferences(
      [timestamps, alsoTimestamps],
      [observed({}), observed({ vector: "extremes-max" }), observed({ field: purposes, path: "purposes" })],
    );
    expect(tally.explainedBy.get("a")!.map((d) => d.vector)).toEqual(["fully-populated"]);
    expect(tally.ambiguous.map((a) => a.ids)).toEqual([["a", "b"]]);
    expect(tally.unexplained.map((d) => d.path)).toEqual(["purposes"]);
  });

  it("are checked for shape when read", () => {
    expect(() => parseKnownDifferences({ differences: [entry({})] })).not.toThrow();
    expect(() => parseKnownDifferences({})).toThrow(InvalidKnownDifferencesError);
    try {
      parseKnownDifferences({ differences: [entry({ codec: "pbjs" as never, explanation: "because" }), entry({}), entry({ fields: "strings" as never })] });
      expect.unreachable();
    } catch (e) {
      const problems = (e as InvalidKnownDifferencesError).problems;
      expect(problems.some((p) => p.includes("codec must be"))).toBe(true);
      expect(problems.some((p) => p.includes("explanation must say why"))).toBe(true);
      expect(problems.some((p) => p.includes("duplicate id"))).toBe(true);
      expect(problems.some((p) => p.includes("fields must be"))).toBe(true);
    }
  });
});
