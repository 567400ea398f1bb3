import { toBinary, type Message } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { NotificationSchema, PaymentSchema, ReadingSchema } from "../../test/support/gadget-schema.js";
import { canaryValueFor } from "./canary-value-for.js";
import { CanaryRegistry } from "./canary-registry.js";
import { findCanaries } from "./find-canaries.js";
import { guardedFields } from "./guarded-fields.js";

const step = { number: 2, name: "emit_device_frame", summary: "emit_device_frame d1 datapact.testing.v1.Notification" };

describe("canaryValueFor", () => {
  it("property: every display-only scalar the arbitrary sets is a canary planted at its path, every other field is not, and all are found in the encoded message", () => {
    const registry = new CanaryRegistry();
    const arb = messageArbitrary(NotificationSchema, { valueFor: canaryValueFor(registry, guardedFields.displayOnly) });
    fc.assert(
      fc.property(arb, (message) => {
        const m = message as Message & { text: string; senders: string[]; count: number; detail?: { note: string; flag: boolean } };
        const planted = registry.plantedIn(NotificationSchema, m, step);
        const paths = planted.map((c) => c.fieldPath);
        if (m.text !== "") expect(paths).toContain("text");
        m.senders.forEach((_, i) => expect(paths).toContain(`senders[${i}]`));
        if (m.detail && m.detail.note !== "") expect(paths).toContain("detail.note");
        expect(paths.some((p) => p === "count" || p === "detail.flag")).toBe(false);
        for (const c of planted) expect(c.step).toEqual(step);
        const found = new Set(findCanaries([{ sink: "hop:app->cloud", bytes: toBinary(NotificationSchema, m) }], planted).map((h) => h.canary.fieldPath));
        expect(found).toEqual(new Set(paths));
      }),
      replayable("display-only fields carry canaries that are found on the wire", 150),
    );
  });

  it("selects by policy: third-party-direct card data, not the amount next to it", () => {
    const registry = new CanaryRegistry();
    const payments = fc.sample(messageArbitrary(PaymentSchema, { valueFor: canaryValueFor(registry, guardedFields.thirdPartyDirect) }), { numRuns: 40, seed: 7 });
    const planted = payments.flatMap((p) => registry.plantedIn(PaymentSchema, p));
    expect(planted.length).toBeGreaterThan(0);
    expect(new Set(planted.map((c) => c.fieldPath))).toEqual(new Set(["card_number"]));
  });

  it("the same seed plants the same canaries (so a replay finds the same markers)", () => {
    const sample = () => {
      const registry = new CanaryRegistry();
      const arb = messageArbitrary(ReadingSchema, { valueFor: canaryValueFor(registry, guardedFields.annotated) });
      return fc.sample(arb, { numRuns: 10, seed: 42 }).flatMap((m) => registry.plantedIn(ReadingSchema, m).map((c) => c.key));
    };
    const first = sample();
    expect(first.length).toBeGreaterThan(0);
    expect(sample()).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });
});
