// messageWithCanaries is how every scripted check plants its canaries: it
// must put a canary in every guarded scalar it reaches, of every data type
// of the pact, recognisably (so steps record them as planted), findably in
// the encoded message, and never the same value twice across seeds.
import { toBinary, type DescMessage } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { planFor, roleOf } from "@datapact/policy";
import { MessageRole, pactFiles } from "@datapact/proto";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanaryRegistry } from "../../src/canary/canary-registry.js";
import { findCanaries } from "../../src/canary/find-canaries.js";
import { guardedFields } from "../../src/canary/guarded-fields.js";
import { messageWithCanaries, mixSeed } from "../../src/invariants/support/canary-messages.js";

const dataTypes: DescMessage[] = pactFiles
  .flatMap((f) => [...nestedTypes(f)])
  .filter((t): t is DescMessage => t.kind === "message" && !t.proto.options?.mapEntry && roleOf(t) === MessageRole.DATA && planFor(t).productId !== "");

describe("messageWithCanaries", () => {
  it("property: every data type gets canaries in its guarded fields, each recognised as planted and found in the encoding", () => {
    expect(dataTypes.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(fc.constantFrom(...dataTypes), fc.integer(), (schema, seed) => {
        const registry = new CanaryRegistry();
        const message = messageWithCanaries(schema, registry, guardedFields.annotated, seed);
        // A type whose annotated leaves are all bools, enums or nested messages without any gets nothing.
        if (!message) return;
        const planted = registry.plantedIn(schema, message);
        expect(planted.length).toBeGreaterThan(0);
        const found = new Set(findCanaries([{ sink: "hop:app->cloud", bytes: toBinary(schema, message) }], planted).map((h) => h.canary.key));
        // The kit's search does not unpack packed repeated numbers (a known gap): those canaries are planted but not expected found.
        const findable = planted.filter((c) => !(c.numeric && /\[\d+\]$/.test(c.fieldPath)));
        for (const c of findable) expect(found.has(c.key), c.fieldPath).toBe(true);
      }),
      replayable("every data type carries findable canaries", 200),
    );
  });

  it("only guarded fields carry canaries: display-only ones of a notification, nothing of a type without any", () => {
    const displayOnly = dataTypes.filter((t) => planFor(t).slots.some((s) => s.kind === "leaf" && s.rule.flow === 1));
    expect(displayOnly.length).toBeGreaterThan(0);
    for (const schema of displayOnly) {
      const registry = new CanaryRegistry();
      const message = messageWithCanaries(schema, registry, guardedFields.displayOnly, 1)!;
      for (const c of registry.plantedIn(schema, message)) {
        const field = schema.fields.find((f) => f.name === c.fieldPath.replace(/\[.*$/, ""));
        if (field) expect(planFor(schema).ruleFor(field.number)?.flow).toBe(1);
      }
    }
    const none = dataTypes.find((t) => !planFor(t).slots.some((s) => s.kind === "leaf" && s.rule.thirdPartyDirect) && !planFor(t).slots.some((s) => s.kind === "nested"));
    expect(messageWithCanaries(none!, new CanaryRegistry(), guardedFields.thirdPartyDirect, 1)).toBeUndefined();
  });

  it("property: neighbouring seeds and indices never give the same canary (scripted rounds plant fresh values)", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const registry = new CanaryRegistry();
        const keys = new Set<string>();
        const schema = dataTypes.find((t) => t.typeName.endsWith("band.v1.DailyActivitySummary"))!;
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 4; i++) {
            const m = messageWithCanaries(schema, registry, guardedFields.annotated, mixSeed(seed + round, i))!;
            for (const c of registry.plantedIn(schema, m)) {
              expect(keys.has(c.key)).toBe(false);
              keys.add(c.key);
            }
          }
        }
      }),
      replayable("canaries of neighbouring seeds are distinct", 50),
    );
  });
});
