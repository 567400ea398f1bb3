import { describe, expect, it } from "vitest";
import { ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { expectedGoldenFiles, fromHex, goldenFileOf, goldenTypes, readGoldenFiles } from "../../src/interop/index.js";
import { checkedInVectors, goldenDir, regenerateCommand, registry } from "./interop-fixtures.js";

const productPackages = ["band", "camera", "home", "router", "scale", "scooter", "vacuum", "wear"].map((p) => `datapact.devices.${p}.v1`);

describe("golden wire vectors", () => {
  it("are current: the checked-in files are exactly what write-golden makes of the schemas", () => {
    const expected = expectedGoldenFiles(registry);
    const actual = readGoldenFiles(goldenDir);
    const missing = [...expected.keys()].filter((f) => !actual.has(f));
    const leftOver = [...actual.keys()].filter((f) => !expected.has(f));
    const changed = [...expected.keys()].filter((f) => actual.has(f) && actual.get(f) !== expected.get(f));
    const stale = [...missing.map((f) => `missing ${f}`), ...leftOver.map((f) => `no longer a golden type: ${f}`), ...changed.map((f) => `out of date: ${f}`)];
    expect(
      stale,
      `The golden vectors do not match the schemas (${stale.length} files). If the schema change is intended, regenerate with \`${regenerateCommand}\` and review the diff.`,
    ).toEqual([]);
  });

  it("cover every message of every product and the cloud's envelopes", () => {
    const types = goldenTypes(registry);
    const packages = new Set(types.map((t) => t.file.proto.package));
    for (const pkg of productPackages) expect(packages, pkg).toContain(pkg);
    const productMessages = [...registry].filter((t): t is DescMessage => t.kind === "message" && t.typeName.startsWith("datapact.devices."));
    expect(types.filter((t) => t.typeName.startsWith("datapact.devices.")).length).toBe(productMessages.length);
    for (const envelope of ["datapact.cloud.v1.Record", "datapact.cloud.v1.IngestRequest", "datapact.cloud.v1.PullResponse", "datapact.cloud.v1.ExportDataResponse"]) {
      expect(types.map((t) => t.typeName)).toContain(envelope);
    }
    // Control messages of the cloud carry no product data and are left out.
    expect(types.map((t) => t.typeName)).not.toContain("datapact.cloud.v1.PullRequest");
    const vectors = checkedInVectors();
    const total = vectors.reduce((n, t) => n + t.vectors.length, 0);
    console.log(`[golden] ${types.length} types, ${total} vectors in ${goldenDir}`);
    for (const { schema, vectors: list } of vectors) {
      expect(list.map((v) => v.name), goldenFileOf(schema)).toContain("empty");
      if (schema.fields.length > 0) expect(list.map((v) => v.name), goldenFileOf(schema)).toContain("fully-populated");
      expect(new Set(list.map((v) => v.name)).size, `${goldenFileOf(schema)}: vector names are unique`).toBe(list.length);
    }
  });

  it("hold a fully-populated vector that sets every field (one member per oneof)", () => {
    for (const { schema, vectors } of checkedInVectors()) {
      const full = vectors.find((v) => v.name === "fully-populated");
      if (!full) continue;
      const json = full.json as Record<string, unknown>;
      for (const field of schema.fields) {
        if (field.oneof && field.oneof.fields[0] !== field) continue;
        expect(Object.keys(json), `${schema.typeName}.${field.name}`).toContain(field.jsonName);
      }
    }
  });

  it("exercise 64-bit extremes, negatives, unicode, IEEE specials, open enums, packed lists, maps and every oneof member", () => {
    const all = checkedInVectors().flatMap((t) => t.vectors.map((v) => ({ type: t.schema, ...v, text: JSON.stringify(v.json) })));
    const some = (what: string, test: (v: (typeof all)[number]) => boolean) => expect(all.some(test), what).toBe(true);
    some("int64 minimum", (v) => v.text.includes('"-9223372036854775808"'));
    some("uint64 maximum", (v) => v.text.includes('"18446744073709551615"'));
    some("2^53 + 1, beyond a double", (v) => v.text.includes('"9007199254740993"'));
    some("negative sint32", (v) => v.name === "fully-populated" && v.type.fields.some((f) => f.fieldKind === "scalar" && f.scalar === ScalarType.SINT32) && v.text.includes("-1234"));
    some("astral-plane and combining characters", (v) => v.text.includes("𝄞") && v.text.includes("e\u0301"));
    some("NaN", (v) => v.text.includes('"NaN"'));
    some("infinities", (v) => v.text.includes('"Infinity"') && v.text.includes('"-Infinity"'));
    some("the largest Timestamp", (v) => v.text.includes('"9999-12-31T23:59:59.999999999Z"'));
    some("a negative Duration under a second", (v) => v.text.includes('"-0.000000001s"'));
    some("an undeclared enum number", (v) => v.name === "open-enum" && /":\d{4}[,}\]]/.test(v.text));
    some("a map with a zero key and value", (v) => v.text.includes('"recordsByType":{') && v.text.includes('"":"0"'));
    // proto3 packs repeated numbers and enums: one length-delimited record for the whole list.
    const packedFieldsIn = (v: (typeof all)[number]) => {
      const numbers = new Set(v.type.fields.filter((f) => f.fieldKind === "list" && (f.listKind === "enum" || (f.listKind === "scalar" && f.scalar !== ScalarType.STRING && f.scalar !== ScalarType.BYTES))).map((f) => f.number));
      const reader = new BinaryReader(fromHex(v.hex));
      const packed: number[] = [];
      while (reader.pos < reader.len) {
        const [number, wireType] = reader.tag();
        if (numbers.has(number) && wireType === WireType.LengthDelimited) packed.push(number);
        reader.skip(wireType, number);
      }
      return packed;
    };
    const listKindOf = (type: DescMessage, number: number) => {
      const field = type.fields.find((f) => f.number === number);
      return field?.fieldKind === "list" ? field.listKind : undefined;
    };
    some("a packed repeated enum", (v) => v.name === "fully-populated" && packedFieldsIn(v).some((n) => listKindOf(v.type, n) === "enum"));
    some("a packed repeated integer", (v) => v.name === "fully-populated" && packedFieldsIn(v).some((n) => listKindOf(v.type, n) === "scalar"));
    for (const { schema, vectors } of checkedInVectors()) {
      for (const oneof of schema.oneofs) {
        for (const member of oneof.fields) {
          expect(
            vectors.some((v) => Object.keys(v.json as object).includes(member.jsonName)),
            `${schema.typeName}: some vector sets oneof ${oneof.name} to ${member.name}`,
          ).toBe(true);
        }
      }
    }
  });
});
