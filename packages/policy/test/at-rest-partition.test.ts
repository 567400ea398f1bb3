import { clearField, clone, create, createRegistry, equals, isFieldSet, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { pactFiles, Tier } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atRestSealing, forStorage, partitionAtRest, planFor, productOf, setLeaves, ThirdPartyDirectValueError, type FieldRule } from "../src/index.js";
import { PaymentSchema, SampleSchema, SyncSchema } from "./fixture-schema.js";

// In the fixture, Sample.heart_rate is plain on the device and field-encrypted
// everywhere else; Sample.secret_pin is device-only and encrypted there.
const sample = create(SampleSchema, {
  heartRate: 61,
  trace: new Uint8Array([1, 2, 3]),
  screenTaps: 4,
  secretPin: "1234",
  crashLog: "boom",
} as never);

describe("partitionAtRest", () => {
  it("removes the leaves encrypted at the cloud from the plain copy and says something is sealed", () => {
    const stored = forStorage(SampleSchema, sample, Tier.CLOUD);
    const { plain, hasSealed } = partitionAtRest(SampleSchema, stored, Tier.CLOUD);
    expect(hasSealed).toBe(true);
    expect(isFieldSet(plain, SampleSchema.field.heartRate!)).toBe(false);
    const p = plain as Record<string, unknown>;
    expect(p.screenTaps).toBe(4);
    expect(p.crashLog).toBe("boom");
    expect(p.trace).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("keeps a leaf that is plain at the tier (heart rate on the device) and seals the device-encrypted one", () => {
    const stored = forStorage(SampleSchema, sample, Tier.DEVICE);
    const { plain, hasSealed } = partitionAtRest(SampleSchema, stored, Tier.DEVICE);
    expect(hasSealed).toBe(true);
    const p = plain as Record<string, unknown>;
    expect(p.heartRate).toBe(61);
    expect(p.secretPin).toBe("");
  });

  it("says nothing is sealed when no encrypted leaf is set, and returns the message itself", () => {
    const onlyPlain = create(SampleSchema, { screenTaps: 9, crashLog: "x" } as never);
    const { plain, hasSealed } = partitionAtRest(SampleSchema, onlyPlain, Tier.CLOUD);
    expect(hasSealed).toBe(false);
    expect(plain).toBe(onlyPlain);
  });

  it("follows encrypted leaves into lists and maps of nested messages", () => {
    const sync = create(SyncSchema, {
      deviceId: "d-1",
      samples: [{ screenTaps: 1 }, { heartRate: 70 }],
      byDay: { monday: { heartRate: 80, screenTaps: 2 } },
    } as never);
    const { plain, hasSealed } = partitionAtRest(SyncSchema, sync, Tier.CLOUD);
    expect(hasSealed).toBe(true);
    const p = plain as unknown as { deviceId: string; samples: { heartRate: number; screenTaps: number }[]; byDay: Record<string, { heartRate: number; screenTaps: number }> };
    expect(p.deviceId).toBe("d-1");
    // The sample that held only a sealed value is gone from the plain part:
    // not even the number of samples discloses it.
    expect(p.samples.map((s) => s.heartRate)).toEqual([0]);
    expect(p.samples[0]!.screenTaps).toBe(1);
    expect(p.byDay.monday!.heartRate).toBe(0);
    expect(p.byDay.monday!.screenTaps).toBe(2);
    // The plain bytes carry no trace of the sealed value 80 at field 1 of the map value.
    expect(toBinary(SyncSchema, plain).length).toBeLessThan(toBinary(SyncSchema, sync).length);
  });

  it("agrees with the plan: exactly the leaves of encryptedAt(tier) are removed", () => {
    const plan = planFor(SampleSchema);
    const encrypted = new Set(plan.encryptedAt(Tier.CLOUD).map((r) => r.field.number));
    expect([...encrypted]).toEqual([1]);
    const { plain } = partitionAtRest(SampleSchema, sample, Tier.CLOUD);
    for (const field of SampleSchema.fields) {
      if (!isFieldSet(sample, field)) continue;
      expect(isFieldSet(plain, field)).toBe(!encrypted.has(field.number));
    }
  });

  it("leaves its input untouched", () => {
    const before = create(SampleSchema, sample as never);
    partitionAtRest(SampleSchema, sample, Tier.CLOUD);
    expect(equals(SampleSchema, sample, before)).toBe(true);
  });

  it("refuses a third-party-direct value like every projection", () => {
    const payment = create(PaymentSchema, { cardSuffix: "4242", cvv: "123" } as never);
    expect(() => partitionAtRest(PaymentSchema, payment, Tier.CLOUD)).toThrow(ThirdPartyDirectValueError);
  });
});

describe("partitionAtRest over the pact's product types (property)", () => {
  const registry = createRegistry(...pactFiles);
  const productMessages: DescMessage[] = pactFiles
    .filter((f) => productOf(f) !== undefined)
    .flatMap((f) => [...registry].filter((t): t is DescMessage => t.kind === "message" && t.file === f && !t.proto.options?.mapEntry));
  const withoutThirdParty = productMessages.filter((m) => ![...reachableRules(m)].some((r) => r.thirdPartyDirect));

  function* reachableRules(schema: DescMessage, seen = new Set<DescMessage>()): Generator<FieldRule> {
    if (seen.has(schema)) return;
    seen.add(schema);
    for (const slot of planFor(schema).slots) {
      if (slot.kind === "leaf") yield slot.rule;
      if (slot.kind === "nested") yield* reachableRules(slot.plan().schema, seen);
    }
  }

  it("leaves no sealed leaf in the plain copy, keeps every other leaf, and flags exactly when something is sealed", () => {
    const params = replayable("partitionAtRest: real product types", 200);
    fc.assert(
      fc.property(
        fc.constantFrom(...withoutThirdParty).chain((s) => messageArbitrary(s).map((m) => [s, m] as const)),
        fc.constantFrom(Tier.DEVICE, Tier.APP, Tier.CLOUD),
        ([schema, message], tier) => {
          const stored = forStorage(schema, message, tier);
          const { plain, hasSealed } = partitionAtRest(schema, stored, tier);
          const plainLeaves = [...setLeaves(planFor(schema), plain)];
          const storedLeaves = [...setLeaves(planFor(schema), stored)];
          expect(plainLeaves.some((r) => r.encryptedAt.has(tier))).toBe(false);
          expect(hasSealed).toBe(storedLeaves.some((r) => r.encryptedAt.has(tier)));
          expect(new Set(plainLeaves)).toEqual(new Set(storedLeaves.filter((r) => !r.encryptedAt.has(tier))));
        },
      ),
      params,
    );
  });

  it("atRestSealing places every sealed leaf: where none lies below the top level, the plain copy is the message without those top-level fields", () => {
    const params = replayable("atRestSealing: real product types", 300);
    let cut = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...withoutThirdParty).chain((s) => messageArbitrary(s).map((m) => [s, m] as const)),
        fc.constantFrom(Tier.DEVICE, Tier.APP, Tier.CLOUD),
        ([schema, message], tier) => {
          const sealing = atRestSealing(schema, tier);
          const plan = planFor(schema);
          const ownSealed = plan.slots.filter((slot) => slot.kind === "leaf" && slot.rule.encryptedAt.has(tier)).map((slot) => slot.field.number);
          expect([...sealing.topLevel].sort()).toEqual(ownSealed.sort());
          expect(sealing.belowTopLevel).toBe(
            [...plan.slots].some((slot) => slot.kind === "nested" && [...reachableRules(slot.plan().schema)].some((r) => r.encryptedAt.has(tier))),
          );
          if (sealing.belowTopLevel) return;
          cut++;
          const stored = forStorage(schema, message, tier);
          const plain = toBinary(schema, partitionAtRest(schema, stored, tier).plain);
          const expected = clone(schema, stored);
          for (const field of schema.fields) if (sealing.topLevel.has(field.number)) clearField(expected, field);
          expect(Buffer.from(plain).equals(Buffer.from(toBinary(schema, expected)))).toBe(true);
        },
      ),
      params,
    );
    expect(cut).toBeGreaterThan(100);
  });

  it("atRestSealing sees sealed leaves in held messages", () => {
    expect(atRestSealing(SampleSchema, Tier.CLOUD)).toEqual({ topLevel: new Set([1]), belowTopLevel: false });
    expect(atRestSealing(SyncSchema, Tier.CLOUD).belowTopLevel).toBe(true);
  });
});

