import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorruptStateError } from "../errors/corrupt-state-error.js";
import { decodeExperiencePlanState, encodeExperiencePlanState, type ExperiencePlanState } from "./experience-plan-state.js";

describe("experience plan state codec", () => {
  it("reads back what it wrote", () => {
    const states: ExperiencePlanState[] = [
      { optedIn: false },
      { optedIn: true, installToken: "t", receiptId: "r", policyVersion: "g1", optedInAt: new Date("2026-01-02T03:04:05Z") },
    ];
    for (const s of states) expect(decodeExperiencePlanState("uxip", encodeExperiencePlanState(s))).toEqual(s);
  });

  it("answers any bytes with a state or CorruptStateError (fuzz)", () => {
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.json().map((j) => new TextEncoder().encode(j)),
      fc
        .record({ format: fc.constantFrom(1, 2), optedIn: fc.anything(), installToken: fc.anything(), receiptId: fc.anything(), policyVersion: fc.anything(), optedInAt: fc.anything() }, { requiredKeys: [] })
        .map((o) => new TextEncoder().encode(JSON.stringify(o))),
    );
    fc.assert(
      fc.property(inputs, (bytes) => {
        try {
          const state = decodeExperiencePlanState("uxip", bytes);
          if (state.optedIn) expect(state.installToken).not.toBe("");
        } catch (err) {
          expect(err).toBeInstanceOf(CorruptStateError);
        }
      }),
      replayable("experience plan state decoding", 300),
    );
  });
});
