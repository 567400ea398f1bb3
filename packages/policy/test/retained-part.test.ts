import { create, type DescMessage } from "@bufbuild/protobuf";
import { annotatedFile, replayable } from "@datapact/arbitrary";
import { DataCategory, DataUseStatementSchema, IdentificationQualifier as Q, Purpose, RetentionKind as R, StorageMeasure, Tier } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consentSnapshot, fieldExpiry, planFor, retainedPart, setLeaves, statementFor, wholeRecordExpiry } from "../src/index.js";
import { camera } from "@datapact/proto";

const DAY = 86_400_000;
const stored = [{ measure: StorageMeasure.PLAIN }];
// One datum used twice (identified for personalization 180 days, pseudonymized for analytics 90: M089),
// a crash value kept 90 days, an advertising value 180 days, and a value kept until the user asks.
const file = annotatedFile({
  product: { id: "keeper" },
  messages: [
    {
      name: "Usage",
      fields: [
        {
          name: "screen",
          policy: {
            category: DataCategory.USAGE_DATA,
            qualifier: Q.IDENTIFIED,
            purposes: [Purpose.PERSONALIZATION, Purpose.ANALYTICS],
            storage: stored,
            retention: [{ kind: R.FIXED_PERIOD, days: 180 }],
            uses: [
              { purpose: Purpose.PERSONALIZATION, qualifier: Q.IDENTIFIED, retention: [{ kind: R.FIXED_PERIOD, days: 180 }] },
              { purpose: Purpose.ANALYTICS, qualifier: Q.PSEUDONYMIZED, retention: [{ kind: R.FIXED_PERIOD, days: 90 }] },
            ],
          },
        },
        { name: "crash", policy: { category: DataCategory.DIAGNOSTICS, qualifier: Q.PSEUDONYMIZED, purposes: [Purpose.ANALYTICS], storage: stored, retention: [{ kind: R.FIXED_PERIOD, days: 90 }] } },
        {
          name: "ad_segment",
          policy: {
            category: DataCategory.USAGE_DATA,
            qualifier: Q.IDENTIFIED,
            purposes: [Purpose.ADVERTISING],
            storage: stored,
            retention: [{ kind: R.FIXED_PERIOD, days: 180 }],
            uses: [{ purpose: Purpose.ADVERTISING, qualifier: Q.IDENTIFIED, retention: [{ kind: R.FIXED_PERIOD, days: 180 }] }],
          },
        },
        { name: "note", policy: { category: DataCategory.OTHER, qualifier: Q.IDENTIFIED, purposes: [Purpose.FUNCTIONALITY], storage: stored, retention: [{ kind: R.UNTIL_USER_REQUEST }] } },
      ],
    },
  ],
});
const Usage = file.messages[0]! as DescMessage;
const ALL = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];
const collectedAt = new Date(Date.UTC(2024, 0, 1));
const at = (days: number) => new Date(collectedAt.getTime() + days * DAY);

function recordOf(init: Record<string, string>) {
  const message = create(Usage, init as never);
  const statement = statementFor(Usage, message as never, { consent: consentSnapshot({ keeper: { purposes: ALL } }), policyVersion: "v1", consentReceiptId: "r1" });
  return { message, statement };
}
const full = recordOf({ screen: "home", crash: "npe", adSegment: "runners", note: "n" });
const value = (m: unknown, f: string) => (m as Record<string, string>)[f];

describe("retainedPart", () => {
  it("keeps everything before the first period ends, and says when to look again (day 90)", () => {
    const r = retainedPart(Usage, full.message as never, full.statement, Tier.CLOUD, collectedAt, at(89.9));
    expect(r.changed).toBe(false);
    expect(r.message).toBe(full.message);
    expect(r.statement).toBe(full.statement);
    expect(r.nextExpiry?.getTime()).toBe(at(90).getTime());
  });

  it("at day 90 drops the analytics-only value and stops naming analytics; the datum shared with personalization stays", () => {
    const r = retainedPart(Usage, full.message as never, full.statement, Tier.CLOUD, collectedAt, at(90));
    expect(r.changed).toBe(true);
    expect(value(r.message, "crash")).toBe("");
    expect(value(r.message, "screen")).toBe("home");
    expect(value(r.message, "adSegment")).toBe("runners");
    expect(r.statement!.purposes).toEqual([Purpose.FUNCTIONALITY, Purpose.PERSONALIZATION, Purpose.ADVERTISING]);
    expect(r.statement!.qualifier).toBe(Q.IDENTIFIED);
    expect(r.statement!.consentReceiptId).toBe("r1");
    expect(r.nextExpiry?.getTime()).toBe(at(180).getTime());
    // The stored record is not touched.
    expect(value(full.message, "crash")).toBe("npe");
  });

  it("at day 180 keeps only the value kept until the user asks; nothing left to expire", () => {
    const r = retainedPart(Usage, full.message as never, full.statement, Tier.CLOUD, collectedAt, at(180));
    expect(value(r.message, "screen")).toBe("");
    expect(value(r.message, "adSegment")).toBe("");
    expect(value(r.message, "note")).toBe("n");
    expect(r.statement!.purposes).toEqual([Purpose.FUNCTIONALITY]);
    expect(r.nextExpiry).toBeUndefined();
  });

  it("says delete (message undefined) when every value ran out", () => {
    const onlyFixed = recordOf({ crash: "npe", adSegment: "runners" });
    expect(retainedPart(Usage, onlyFixed.message as never, onlyFixed.statement, Tier.CLOUD, collectedAt, at(179)).message).toBeDefined();
    const r = retainedPart(Usage, onlyFixed.message as never, onlyFixed.statement, Tier.CLOUD, collectedAt, at(180));
    expect(r.message).toBeUndefined();
    expect(r.statement).toBeUndefined();
    expect(r.changed).toBe(true);
  });

  it("keeps a record kept for analytics alone only 90 days, even for the datum personalization could keep longer", () => {
    const analyticsOnly = { ...full, statement: create(DataUseStatementSchema, { ...full.statement, purposes: [Purpose.ANALYTICS] }) };
    const r = retainedPart(Usage, analyticsOnly.message as never, analyticsOnly.statement, Tier.CLOUD, collectedAt, at(90));
    expect(value(r.message, "screen")).toBe("");
    expect(value(r.message, "note")).toBe("n");
  });

  it("wholeRecordExpiry: a type whose every storable value has a fixed period ends whole (camera clips after 7 days); one with a value kept until the user asks never does", () => {
    expect(wholeRecordExpiry(camera.HumanDetectionClipSchema, Tier.CLOUD, collectedAt, [Purpose.FUNCTIONALITY])?.getTime()).toBe(at(7).getTime());
    expect(wholeRecordExpiry(Usage, Tier.CLOUD, collectedAt, ALL)).toBeUndefined();
    // Judged by the type, not the record: even kept for analytics alone, a record of the type could hold a value kept until the user asks.
    expect(wholeRecordExpiry(Usage, Tier.CLOUD, collectedAt, [Purpose.ANALYTICS])).toBeUndefined();
  });

  it("property: no kept value is past every period of its purposes, the result is stable, and nextExpiry is the earliest live period", () => {
    const params = replayable("retainedPart keeps nothing past its period", 200);
    const arb = fc.record({
      fields: fc.subarray(["screen", "crash", "adSegment", "note"], { minLength: 1 }),
      purposes: fc.subarray(ALL, { minLength: 1 }),
      day: fc.double({ min: 0, max: 400, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, ({ fields, purposes, day }) => {
        const base = recordOf(Object.fromEntries(fields.map((f) => [f, `v-${f}`])));
        const statement = create(DataUseStatementSchema, { ...base.statement, purposes });
        const now = at(day);
        const r = retainedPart(Usage, base.message as never, statement, Tier.CLOUD, collectedAt, now);
        if (!r.message) return;
        const plan = planFor(Usage);
        let earliest: number | undefined;
        for (const rule of setLeaves(plan, r.message)) {
          const serving = rule.purposes.filter((p) => purposes.includes(p));
          const expiries = (serving.length > 0 ? serving : [undefined]).map((p) => fieldExpiry(rule, Tier.CLOUD, collectedAt, p));
          const live = expiries.filter((e) => e.kind === "event" || (e.kind === "at" && e.at > now));
          expect(live.length).toBeGreaterThan(0);
          for (const e of live) if (e.kind === "at") earliest = Math.min(earliest ?? Infinity, e.at.getTime());
        }
        expect(r.nextExpiry?.getTime()).toBe(earliest);
        const again = retainedPart(Usage, r.message, r.statement!, Tier.CLOUD, collectedAt, now);
        expect(again.changed).toBe(false);
      }),
      params,
    );
  });
});
