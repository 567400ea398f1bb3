// The views for readers other than the data subject: a shared party (device
// state only) and a product's manufacturer (no identifier, contact detail,
// user content or financial datum; functionality only). Checked on real
// product schemas and, as properties, on random records of every type.
import { create, createRegistry, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { band, DataCategory, Flow, home, MessageRole, pactFiles, Purpose, Tier } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forManufacturerView, forSharedView, planFor, setLeaves, ThirdPartyDirectValueError, type ViewDropReason } from "../src/index.js";

function eventReport() {
  return create(home.DeviceEventReportSchema, {
    deviceId: "device-7",
    properties: [{ property: "power", value: "true" }],
    triggers: [{ event: "door_opened" }],
  });
}

function setNames(schema: DescMessage, message: MessageShape<DescMessage>): string[] {
  return [...setLeaves(planFor(schema), message)].map((r) => `${r.field.parent.name}.${r.field.name}`).sort();
}

/** Every data-carrying message type of the pact that holds no third-party-direct leaf. */
function dataTypes(): DescMessage[] {
  const registry = createRegistry(...pactFiles);
  const out: DescMessage[] = [];
  for (const file of pactFiles) {
    for (const message of file.messages) {
      const schema = registry.getMessage(message.typeName)!;
      const plan = planFor(schema);
      if (plan.role !== MessageRole.DATA) continue;
      if (plan.slots.some((s) => s.kind === "leaf" && s.rule.flow === Flow.THIRD_PARTY_DIRECT)) continue;
      out.push(schema);
    }
  }
  return out;
}

describe("forSharedView", () => {
  it("keeps a device's state and removes its identifier", () => {
    const reasons: Record<string, ViewDropReason> = {};
    const view = forSharedView(home.DeviceEventReportSchema, eventReport(), { onDrop: (p, r) => (reasons[pathToString(p)] = r) });
    expect(view.deviceId).toBe("");
    expect(view.properties[0]?.value).toBe("true");
    expect(view.triggers[0]?.event).toBe("door_opened");
    expect(reasons).toEqual({ device_id: "NOT_DEVICE_STATE" });
  });

  it("shows nothing of the owner's health data", () => {
    const sample = create(band.HeartRateSampleSchema, { beatsPerMinute: 71, measuredAt: { seconds: 1n } });
    const view = forSharedView(band.HeartRateSampleSchema, sample);
    expect(setNames(band.HeartRateSampleSchema, view)).toEqual([]);
  });

  it("refuses a third-party-direct value like every projection", () => {
    const card = create(band.BankCardVerificationSchema, { cvc2: "123" });
    expect(() => forSharedView(band.BankCardVerificationSchema, card)).toThrow(ThirdPartyDirectValueError);
  });

  it("property: on every type, only functional device state stored at the cloud survives", () => {
    const types = dataTypes();
    expect(types.length).toBeGreaterThan(50);
    let kept = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...types).chain((schema) => messageArbitrary(schema, { maxDepth: 3 }).map((message) => ({ schema, message }))),
        ({ schema, message }) => {
          const view = forSharedView(schema, message as never);
          for (const rule of setLeaves(planFor(schema), view)) {
            kept++;
            expect(rule.policy?.category).toBe(DataCategory.OTHER);
            expect(rule.purposes).toContain(Purpose.FUNCTIONALITY);
            expect(rule.tiers.has(Tier.CLOUD)).toBe(true);
          }
        },
      ),
      replayable("forSharedView keeps device state only", 300),
    );
    // Guards against a vacuous pass: some generated records must have kept something.
    expect(kept).toBeGreaterThan(0);
  });
});

describe("forManufacturerView", () => {
  it("keeps the measurement and removes the device identifier", () => {
    const view = forManufacturerView(home.DeviceEventReportSchema, eventReport());
    expect(view.deviceId).toBe("");
    expect(view.properties[0]?.property).toBe("power");
  });

  it("keeps health data the product's function uses", () => {
    const sample = create(band.HeartRateSampleSchema, { beatsPerMinute: 71 });
    expect(forManufacturerView(band.HeartRateSampleSchema, sample).beatsPerMinute).toBe(71);
  });

  it("property: no withheld category and nothing outside functionality survives on any type", () => {
    const withheld = new Set([
      DataCategory.IDENTIFIERS,
      DataCategory.CONTACT_INFO,
      DataCategory.CONTACTS,
      DataCategory.USER_CONTENT,
      DataCategory.FINANCIAL_INFO,
      DataCategory.UNSPECIFIED,
    ]);
    const types = dataTypes();
    let dropped = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...types).chain((schema) => messageArbitrary(schema, { maxDepth: 3 }).map((message) => ({ schema, message }))),
        ({ schema, message }) => {
          const view = forManufacturerView(schema, message as never, { onDrop: () => dropped++ });
          for (const rule of setLeaves(planFor(schema), view)) {
            expect(withheld.has(rule.policy!.category)).toBe(false);
            expect(rule.purposes).toContain(Purpose.FUNCTIONALITY);
            expect(rule.tiers.has(Tier.CLOUD)).toBe(true);
          }
        },
      ),
      replayable("forManufacturerView withholds identifying data", 300),
    );
    expect(dropped).toBeGreaterThan(0);
  });
});
