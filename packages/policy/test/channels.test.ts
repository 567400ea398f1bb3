import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { pathToString, type Path } from "@bufbuild/protobuf/reflect";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { Hop, IdentificationQualifier, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  consentSnapshot,
  forAccountChannel,
  forHop,
  forUnlinkedChannel,
  identifiability,
  planFor,
  purposeLimitedConsent,
  setLeaves,
  statementFor,
  validateStatement,
  type ChannelDropReason,
  type ConsentState,
} from "../src/index.js";
import { UsageSchema, VaultSchema } from "./channels-fixture.js";

const everything = consentSnapshot({ kit: { purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS], enabledFunctions: ["vault"] } });

function usage(): MessageShape<typeof UsageSchema> & Record<string, unknown> {
  return create(UsageSchema, {
    installId: "inst-1",
    accountId: "acct-1",
    taps: 3,
    crash: "boom",
    anonCount: 9,
    screenText: "Dinner at 8?",
    unqualified: "x",
    route: new Uint8Array([1, 2, 3]),
    events: [{ screen: "home" }],
  } as never) as never;
}

function dropped(run: (onDrop: (p: Path, r: ChannelDropReason) => void) => unknown): Record<string, ChannelDropReason> {
  const out: Record<string, ChannelDropReason> = {};
  run((p, r) => (out[pathToString(p)] = r));
  return out;
}

function setNames(schema: DescMessage, message: MessageShape<DescMessage>): string[] {
  return [...setLeaves(planFor(schema), message)].map((r) => r.field.name).sort();
}

describe("forUnlinkedChannel: analytics without the account", () => {
  it("keeps only fields pseudonymized or weaker for analytics, and says why the others went", () => {
    const reasons = dropped((onDrop) => forUnlinkedChannel(UsageSchema, usage(), Hop.APP_CLOUD, Purpose.ANALYTICS, everything, { onDrop }));
    const out = forUnlinkedChannel(UsageSchema, usage(), Hop.APP_CLOUD, Purpose.ANALYTICS, everything);
    expect(setNames(UsageSchema, out)).toEqual(["anon_count", "crash", "install_id", "screen", "taps"]);
    expect(reasons).toEqual({
      account_id: "TOO_IDENTIFYING",
      screen_text: "NOT_FOR_PURPOSE",
      unqualified: "TOO_IDENTIFYING",
      route: "NOT_FOR_PURPOSE",
    });
  });

  it("carries nothing without consent to the purpose", () => {
    const functionalityOnly = consentSnapshot({ kit: { purposes: [Purpose.FUNCTIONALITY] } });
    const out = forUnlinkedChannel(UsageSchema, usage(), Hop.APP_CLOUD, Purpose.ANALYTICS, functionalityOnly);
    expect(setNames(UsageSchema, out)).toEqual([]);
  });

  it("keeps a function that is off by default off", () => {
    const off = consentSnapshot({ kit: { purposes: [Purpose.ANALYTICS] } });
    const vault = create(VaultSchema, { level: 4 } as never);
    expect(setNames(VaultSchema, forUnlinkedChannel(VaultSchema, vault, Hop.APP_CLOUD, Purpose.ANALYTICS, off))).toEqual([]);
    expect(setNames(VaultSchema, forUnlinkedChannel(VaultSchema, vault, Hop.APP_CLOUD, Purpose.ANALYTICS, everything))).toEqual(["level"]);
  });

  it("yields a statement of analytics alone, pseudonymized, that validates", () => {
    const out = forUnlinkedChannel(UsageSchema, usage(), Hop.APP_CLOUD, Purpose.ANALYTICS, everything);
    const statement = statementFor(UsageSchema, out, {
      consent: purposeLimitedConsent(everything, Purpose.ANALYTICS),
      policyVersion: "v1",
      consentReceiptId: "r1",
    });
    expect(statement.purposes).toEqual([Purpose.ANALYTICS]);
    expect(statement.qualifier).toBe(IdentificationQualifier.PSEUDONYMIZED);
    expect(() => validateStatement(UsageSchema, out, statement)).not.toThrow();
  });
});

describe("forAccountChannel: what travels with the account", () => {
  it("drops data used only pseudonymized or anonymized, keeps identified data", () => {
    const reasons = dropped((onDrop) => forAccountChannel(UsageSchema, usage(), Hop.APP_CLOUD, everything, { onDrop }));
    const out = forAccountChannel(UsageSchema, usage(), Hop.APP_CLOUD, everything);
    expect(setNames(UsageSchema, out)).toEqual(["account_id", "crash", "route"]);
    expect(reasons).toEqual({
      install_id: "NOT_IDENTIFIED",
      taps: "NOT_IDENTIFIED",
      anon_count: "NOT_IDENTIFIED",
      unqualified: "NOT_IDENTIFIED",
      screen_text: "FLOW",
      "events[0].screen": "NOT_IDENTIFIED",
    });
  });

  it("judges identification under the consented purposes only", () => {
    const analyticsOnly = consentSnapshot({ kit: { purposes: [Purpose.ANALYTICS] } });
    const out = forAccountChannel(UsageSchema, usage(), Hop.APP_CLOUD, analyticsOnly);
    // crash is identified for the function, pseudonymized for analytics: with analytics alone it would be linked.
    expect(setNames(UsageSchema, out)).toEqual(["account_id"]);
  });

  it("honours the upload switch", () => {
    const switchedOff = consentSnapshot({ kit: { purposes: [Purpose.FUNCTIONALITY], disabledUploads: ["upload_routes"] } });
    const reasons = dropped((onDrop) => forAccountChannel(UsageSchema, usage(), Hop.APP_CLOUD, switchedOff, { onDrop }));
    expect(reasons.route).toBe("UPLOAD_SWITCH_OFF");
  });
});

describe("channel projections: properties", () => {
  const consentArb: fc.Arbitrary<ConsentState> = fc
    .record({
      purposes: fc.subarray([Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION]),
      enabledFunctions: fc.subarray(["vault", "usage"]),
      disabledUploads: fc.subarray(["upload_routes"]),
    })
    .map((c) => consentSnapshot({ kit: c }));

  for (const schema of [UsageSchema, VaultSchema]) {
    it(`${schema.name}: the unlinked channel carries only consented, pseudonymized-or-weaker analytics, within forHop`, () => {
      fc.assert(
        fc.property(messageArbitrary(schema), consentArb, (message, consent) => {
          const out = forUnlinkedChannel(schema, message, Hop.APP_CLOUD, Purpose.ANALYTICS, consent);
          const allowed = new Set(setNames(schema, forHop(schema, message, Hop.APP_CLOUD, consent)));
          for (const rule of setLeaves(planFor(schema), out)) {
            expect(allowed.has(rule.field.name)).toBe(true);
            expect(rule.purposes).toContain(Purpose.ANALYTICS);
            expect(consent.allowsPurpose("kit", Purpose.ANALYTICS)).toBe(true);
            const q = rule.qualifierFor(Purpose.ANALYTICS);
            expect(q).not.toBe(IdentificationQualifier.UNSPECIFIED);
            expect(identifiability(q)).toBeLessThanOrEqual(identifiability(IdentificationQualifier.PSEUDONYMIZED));
          }
        }),
        replayable(`unlinked channel ${schema.name}`, 200),
      );
    });

    it(`${schema.name}: the account channel carries only fields identified under a consented purpose, within forHop`, () => {
      fc.assert(
        fc.property(messageArbitrary(schema), consentArb, (message, consent) => {
          const out = forAccountChannel(schema, message, Hop.APP_CLOUD, consent);
          const allowed = new Set(setNames(schema, forHop(schema, message, Hop.APP_CLOUD, consent)));
          for (const rule of setLeaves(planFor(schema), out)) {
            expect(allowed.has(rule.field.name)).toBe(true);
            expect(rule.purposes.some((p) => consent.allowsPurpose("kit", p) && rule.qualifierFor(p) === IdentificationQualifier.IDENTIFIED)).toBe(true);
          }
          // Projecting twice changes nothing.
          expect(setNames(schema, forAccountChannel(schema, out, Hop.APP_CLOUD, consent))).toEqual(setNames(schema, out));
        }),
        replayable(`account channel ${schema.name}`, 200),
      );
    });
  }
});
