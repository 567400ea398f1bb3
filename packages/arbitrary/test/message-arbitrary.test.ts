import { equals, fromBinary, isFieldSet, toBinary, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { DescriptorProtoSchema, FieldDescriptorProtoSchema, StructSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageArbitrary, replayable } from "../src/index.js";

const schemas: DescMessage[] = [DescriptorProtoSchema, FieldDescriptorProtoSchema, StructSchema, ValueSchema];

describe("messageArbitrary", () => {
  it.each(schemas.map((s) => [s.typeName, s] as const))("generates valid %s messages that survive a binary round trip", (_, schema) => {
    fc.assert(
      fc.property(messageArbitrary(schema), (m) => {
        expect(m.$typeName).toBe(schema.typeName);
        expect(equals(schema, fromBinary(schema, toBinary(schema, m)), m)).toBe(true);
      }),
      replayable(`round trip ${schema.typeName}`, 50),
    );
  });

  it("sets and leaves unset every kind of field across samples (lists, maps, oneofs, nested)", () => {
    const setCount = new Map<string, number>();
    const seen = (schema: DescMessage, m: object) => {
      for (const f of schema.fields) if (isFieldSet(m as never, f)) setCount.set(f.name, (setCount.get(f.name) ?? 0) + 1);
    };
    for (const m of fc.sample(messageArbitrary(ValueSchema), { seed: 7, numRuns: 300 })) seen(ValueSchema, m);
    for (const m of fc.sample(messageArbitrary(StructSchema), { seed: 7, numRuns: 100 })) seen(StructSchema, m);
    // Every member of Value's oneof (including nested struct and list values) and Struct's map appear.
    for (const name of ["null_value", "number_value", "string_value", "bool_value", "struct_value", "list_value", "fields"]) {
      expect(setCount.get(name) ?? 0, name).toBeGreaterThan(0);
    }
    expect(setCount.get("fields")).toBeLessThan(100);
  });

  it("respects maxDepth on recursive types", () => {
    const depth = (v: unknown, d = 0): number => {
      if (!v || typeof v !== "object") return d;
      return Math.max(d, ...Object.values(v as object).map((x) => depth(x, d + 1)));
    };
    const shallow = fc.sample(messageArbitrary(ValueSchema, { maxDepth: 1 }), { seed: 3, numRuns: 200 });
    const deep = fc.sample(messageArbitrary(ValueSchema, { maxDepth: 4 }), { seed: 3, numRuns: 200 });
    expect(Math.max(...shallow.map((m) => depth(m)))).toBeLessThan(Math.max(...deep.map((m) => depth(m))));
  });

  it("uses valueFor overrides for matching fields, list elements included", () => {
    const marker = "dpc_canary";
    const arb = messageArbitrary(FieldDescriptorProtoSchema, {
      valueFor: (f: DescField) => (f.name === "name" || f.name === "json_name" ? fc.constant(marker) : undefined),
    });
    const samples = fc.sample(arb, { seed: 11, numRuns: 100 });
    const names = samples.map((m) => m.name).filter((n) => n !== "");
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set([marker]));
  });
});

describe("replayable", () => {
  it("takes the seed and run count from the environment so a run can be replayed", () => {
    process.env.DATAPACT_SEED = "12345";
    process.env.DATAPACT_RUNS = "7";
    try {
      expect(replayable("x")).toEqual({ seed: 12345, numRuns: 7 });
    } finally {
      delete process.env.DATAPACT_SEED;
      delete process.env.DATAPACT_RUNS;
    }
    const fresh = replayable("y", 9);
    expect(fresh.numRuns).toBe(9);
    expect(Number.isInteger(fresh.seed)).toBe(true);
  });
});

describe("well-known types", () => {
  it("generates timestamps and durations their JSON form accepts, and unwrapped wrapper values", async () => {
    const { TimestampSchema, DurationSchema, ApiSchema } = await import("@bufbuild/protobuf/wkt");
    const { toJson } = await import("@bufbuild/protobuf");
    for (const schema of [TimestampSchema, DurationSchema]) {
      fc.assert(
        fc.property(messageArbitrary(schema), (m) => {
          expect(() => toJson(schema, m)).not.toThrow();
        }),
        replayable(`valid ${schema.typeName}`, 200),
      );
    }
    // google.protobuf.Api holds a SourceContext message and lists of messages; it must still encode to JSON.
    fc.assert(
      fc.property(messageArbitrary(ApiSchema), (m) => {
        expect(() => toJson(ApiSchema, m)).not.toThrow();
      }),
      replayable("Api to JSON", 50),
    );
  });
});
