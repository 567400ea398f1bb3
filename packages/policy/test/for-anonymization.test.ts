import { create, createRegistry, ScalarType, toJsonString, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { band, camera, pactFiles } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forAnonymization, mayAnonymize, planFor, setLeaves, survivesAnonymization } from "../src/index.js";

const registry = createRegistry(...pactFiles);
const allTypes = [...registry].filter((t): t is DescMessage => t.kind === "message" && planFor(t).productId !== "");

describe("forAnonymization", () => {
  it("is allowed only on the message types the pact marks anonymize_on_deletion (camera analytics and diagnostics)", () => {
    const marked = allTypes.filter(mayAnonymize).map((t) => t.typeName).sort();
    expect(marked).toEqual([camera.PluginCrashReportSchema.typeName, camera.PluginPerformanceSampleSchema.typeName, camera.ProductInteractionSchema.typeName].sort());
  });

  it("keeps the anonymized usage values of a camera interaction, with its instant cut to the UTC day", () => {
    const at = new Date(Date.UTC(2024, 4, 17, 13, 45, 12, 345));
    const message = create(camera.ProductInteractionSchema, { element: "clip-list", viewingSeconds: 42, occurredAt: timestampFromDate(at) } as never);
    const kept = forAnonymization(camera.ProductInteractionSchema, message)! as unknown as Record<string, unknown>;
    expect(kept).toBeDefined();
    expect(kept.element).toBe("clip-list");
    expect(kept.viewingSeconds).toBe(42);
    const ts = kept.occurredAt as { seconds: bigint; nanos: number };
    expect(Number(ts.seconds) * 1000).toBe(Date.UTC(2024, 4, 17));
    expect(ts.nanos).toBe(0);
    // A fresh copy: changing it leaves the stored record alone.
    (kept as { element: string }).element = "changed";
    expect((message as unknown as { element: string }).element).toBe("clip-list");
  });

  it("erases (returns undefined) a record of a type the pact does not mark, whatever it holds", () => {
    const feedback = create(band.FeedbackRecordSchema, { feedbackText: "it broke", deviceName: "band 6" } as never);
    expect(forAnonymization(band.FeedbackRecordSchema, feedback)).toBeUndefined();
  });

  it("returns undefined for a marked type when nothing survives (an empty record)", () => {
    expect(forAnonymization(camera.PluginPerformanceSampleSchema, create(camera.PluginPerformanceSampleSchema))).toBeUndefined();
  });

  it("property: over every pact type, the copy holds only surviving leaves and no value of any other field", () => {
    const params = replayable("forAnonymization keeps only surviving leaves", 300);
    // Every string gets a marker naming its field, so a value that escaped from another field is recognisable.
    const valueFor = (field: DescField) => {
      const scalar = field.fieldKind === "scalar" || field.fieldKind === "list" ? field.scalar : undefined;
      if (scalar === ScalarType.STRING) return fc.integer({ min: 0, max: 0x7fffffff }).map((h) => `MK.${field.parent.typeName}.${field.name}.${h}`);
      return undefined;
    };
    // Half the draws from the marked types, so surviving values are exercised on every run.
    const types = fc.oneof(fc.constantFrom(...allTypes), fc.constantFrom(...allTypes.filter(mayAnonymize)));
    let survivingMarkers = 0;
    const arb = types.chain((schema) => messageArbitrary(schema, { valueFor, maxLength: 2 }).map((message) => ({ schema, message: message as Message })));
    fc.assert(
      fc.property(arb, ({ schema, message }) => {
        const kept = forAnonymization(schema, message as never);
        if (!mayAnonymize(schema)) {
          expect(kept).toBeUndefined();
          return;
        }
        if (!kept) return;
        const plan = planFor(schema);
        for (const rule of setLeaves(plan, kept as Message)) expect(survivesAnonymization(rule)).toBe(true);
        const json = toJsonString(schema, kept as never, { registry });
        for (const marker of json.match(/MK\.[A-Za-z0-9_.]+/g) ?? []) {
          const [, ...parts] = marker.split(".");
          const fieldName = parts[parts.length - 2]!;
          const typeName = parts.slice(0, -2).join(".");
          const owner = registry.getMessage(typeName)!;
          const rule = planFor(owner).ruleFor(owner.fields.find((f) => f.name === fieldName)!.number)!;
          expect(survivesAnonymization(rule)).toBe(true);
          survivingMarkers++;
        }
      }),
      params,
    );
    // Non-vacuity: some runs did keep string values, and each was checked above.
    expect(survivingMarkers).toBeGreaterThan(0);
  });
});
