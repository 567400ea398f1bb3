import { create, createRegistry, equals, type DescMessage } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { DataUseStatementSchema, Flow, Hop, IdentificationQualifier, pactFiles, Purpose, Tier } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  consentSnapshot,
  fieldPolicyOf,
  forHop,
  forStorage,
  messagePolicyOf,
  planFor,
  productOf,
  ProjectionMemo,
  fieldExpiry,
  recordExpiry,
  setLeaves,
  statementFor,
  StatementError,
  ThirdPartyDirectValueError,
  validateStatement,
  type ConsentState,
} from "../src/index.js";
import { SampleSchema } from "./fixture-schema.js";
import { oracleForHop, rawFlow, setGovernedLeaves, withoutThirdPartyDirect } from "./oracle.js";

const registry = createRegistry(...pactFiles);
/** Every message type of every product file (map entries excluded). */
const productMessages: DescMessage[] = pactFiles
  .filter((f) => productOf(f) !== undefined)
  .flatMap((f) => [...registry].filter((t): t is DescMessage => t.kind === "message" && t.file === f && !t.proto.options?.mapEntry));

const PURPOSES = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];
const OUTWARD_HOPS = [Hop.APP_CLOUD, Hop.DEVICE_CLOUD];
const ALL_HOPS = [Hop.DEVICE_APP, Hop.APP_CLOUD, Hop.DEVICE_CLOUD];

function functionsAndSwitches(schema: DescMessage): { fns: string[]; switches: string[] } {
  const fns = new Set<string>();
  const switches = new Set<string>();
  const seen = new Set<DescMessage>();
  const walk = (m: DescMessage) => {
    if (seen.has(m)) return;
    seen.add(m);
    const fn = messagePolicyOf(m)?.function;
    if (fn) fns.add(fn);
    for (const f of m.fields) {
      const sw = fieldPolicyOf(f)?.uploadSwitch;
      if (sw) switches.add(sw);
      if (f.message) walk(f.message);
    }
  };
  walk(schema);
  return { fns: [...fns], switches: [...switches] };
}

function consentArbitrary(schema: DescMessage): fc.Arbitrary<ConsentState> {
  const product = productOf(schema.file)?.id ?? "";
  const { fns, switches } = functionsAndSwitches(schema);
  return fc
    .record({
      purposes: fc.subarray(PURPOSES),
      enabledFunctions: fc.subarray(fns),
      disabledFunctions: fc.subarray(fns),
      disabledUploads: fc.subarray(switches),
    })
    .map((c) => consentSnapshot({ [product]: c }));
}

/** Messages an SDK accepts: generated, with third-party-direct values cleared. */
const accepted = (schema: DescMessage) => messageArbitrary(schema).map((m) => withoutThirdPartyDirect(schema, m));

const hasThirdPartyDirect = (schema: DescMessage, m: object) =>
  setGovernedLeaves(schema, m as never).some((f) => rawFlow(f) === Flow.THIRD_PARTY_DIRECT);

describe("the policy engine over every message type of every product", { timeout: 300_000 }, () => {
  it("finds the products' message types", () => {
    expect(productMessages.length).toBeGreaterThan(10);
  });

  it("forHop never lets a display-only or third-party-direct value reach app storage or the cloud", () => {
    const params = replayable("no display-only or third-party-direct value beyond the device", 20);
    for (const schema of productMessages) {
      fc.assert(
        fc.property(messageArbitrary(schema), consentArbitrary(schema), (m, consent) => {
          const tpd = hasThirdPartyDirect(schema, m);
          const outputs: object[] = [];
          for (const hop of OUTWARD_HOPS) {
            if (tpd) expect(() => forHop(schema, m, hop, consent)).toThrow(ThirdPartyDirectValueError);
            else outputs.push(forHop(schema, m, hop, consent));
          }
          for (const tier of [Tier.APP, Tier.CLOUD]) {
            if (tpd) expect(() => forStorage(schema, m, tier)).toThrow(ThirdPartyDirectValueError);
            else outputs.push(forStorage(schema, m, tier));
          }
          for (const out of outputs) {
            const leaked = setGovernedLeaves(schema, out as never).filter((f) => [Flow.DISPLAY_ONLY, Flow.THIRD_PARTY_DIRECT].includes(rawFlow(f)));
            expect(leaked.map((f) => `${f.parent.typeName}.${f.name}`)).toEqual([]);
          }
        }),
        params,
      );
    }
  });

  it("forHop keeps exactly the fields that are allowed (against an independent oracle)", () => {
    const params = replayable("forHop equals the oracle", 20);
    for (const schema of productMessages) {
      fc.assert(
        fc.property(accepted(schema), consentArbitrary(schema), fc.constantFrom(...ALL_HOPS), (m, consent, hop) => {
          const actual = forHop(schema, m, hop, consent);
          const expected = oracleForHop(schema, m, hop, consent);
          expect(equals(schema, actual, expected as never), `${schema.typeName} on hop ${hop}`).toBe(true);
        }),
        params,
      );
    }
  });

  it("a ProjectionMemo shared by many records under one consent changes no projection", () => {
    const params = replayable("projection memo changes nothing", 10);
    for (const schema of productMessages) {
      fc.assert(
        fc.property(fc.array(accepted(schema), { minLength: 1, maxLength: 4 }), consentArbitrary(schema), fc.constantFrom(...ALL_HOPS), (ms, consent, hop) => {
          const memo = new ProjectionMemo();
          for (const m of ms) {
            const crossed = forHop(schema, m, hop, consent, { memo });
            expect(equals(schema, crossed, forHop(schema, m, hop, consent))).toBe(true);
            const stored = forStorage(schema, crossed, Tier.CLOUD, { consent, memo });
            expect(equals(schema, stored, forStorage(schema, crossed, Tier.CLOUD, { consent }))).toBe(true);
          }
        }),
        params,
      );
    }
  });

  it("forHop is idempotent", () => {
    const params = replayable("forHop is idempotent", 20);
    for (const schema of productMessages) {
      fc.assert(
        fc.property(accepted(schema), consentArbitrary(schema), fc.constantFrom(...ALL_HOPS), (m, consent, hop) => {
          const once = forHop(schema, m, hop, consent);
          expect(equals(schema, forHop(schema, once, hop, consent), once)).toBe(true);
        }),
        params,
      );
    }
  });

  it("a record that passes validateStatement never claims more than the schema", () => {
    const params = replayable("validated statements stay within the schema", 20);
    let valid = 0;
    for (const schema of productMessages) {
      const product = productOf(schema.file)?.id ?? "";
      const anyClaim = fc.record({
        qualifier: fc.constantFrom(...Object.values(IdentificationQualifier).filter((v): v is number => typeof v === "number")),
        purposes: fc.subarray(PURPOSES, { minLength: 1 }),
      });
      // Half the claims are drawn from what the schema declares, so that
      // plenty of statements pass and the property is not vacuous.
      const plan = planFor(schema);
      const declaredPurposes = [...plan.declaredPurposes];
      const plausibleClaim =
        declaredPurposes.length === 0
          ? anyClaim
          : fc.subarray(declaredPurposes, { minLength: 1 }).chain((purposes) =>
              fc.constantFrom(...purposes.flatMap((p) => [...plan.qualifiersFor(p)])).map((qualifier) => ({ qualifier, purposes })),
            );
      const statementArb = fc.oneof(anyClaim, plausibleClaim);
      fc.assert(
        fc.property(accepted(schema), statementArb, (m, claim) => {
          const statement = create(DataUseStatementSchema, { ...claim, policyVersion: "v1", consentReceiptId: "r", productId: product, messageType: schema.typeName });
          try {
            validateStatement(schema, m, statement);
          } catch (e) {
            if (e instanceof StatementError) return;
            throw e;
          }
          // It passed: check the claim against the raw annotations.
          valid++;
          const leaves = new Set<ReturnType<typeof setGovernedLeaves>[number]>();
          const collect = (d: DescMessage, seen = new Set<DescMessage>()) => {
            if (seen.has(d)) return;
            seen.add(d);
            for (const f of d.fields) {
              if (fieldPolicyOf(f)) leaves.add(f);
              if (f.message) collect(f.message, seen);
            }
          };
          collect(schema);
          const declared = new Map<Purpose, Set<IdentificationQualifier>>();
          for (const f of leaves) {
            const p = fieldPolicyOf(f)!;
            for (const purpose of p.purposes) (declared.get(purpose) ?? declared.set(purpose, new Set()).get(purpose)!).add(p.qualifier);
            for (const u of p.uses) (declared.get(u.purpose) ?? declared.set(u.purpose, new Set()).get(u.purpose)!).add(u.qualifier || p.qualifier);
          }
          for (const purpose of statement.purposes) expect(declared.has(purpose)).toBe(true);
          expect(statement.purposes.some((p) => declared.get(p)!.has(statement.qualifier))).toBe(true);
          for (const f of setGovernedLeaves(schema, m)) {
            const p = fieldPolicyOf(f)!;
            const serving = statement.purposes.filter((s) => p.purposes.includes(s) || p.uses.some((u) => u.purpose === s));
            expect(serving.length).toBeGreaterThan(0);
          }
        }),
        params,
      );
    }
    // The property must not hold vacuously: some random statements are valid.
    expect(valid).toBeGreaterThan(50);
  });

  it("the statement the SDK builds for a projected record always validates", () => {
    const params = replayable("statementFor validates", 20);
    for (const schema of productMessages) {
      fc.assert(
        fc.property(accepted(schema), consentArbitrary(schema), (m, consent) => {
          const projected = forHop(schema, m, Hop.APP_CLOUD, consent);
          const statement = statementFor(schema, projected, { consent, policyVersion: "v1", consentReceiptId: "r" });
          if (statement.purposes.length === 0) return;
          validateStatement(schema, projected, statement);
          const product = productOf(schema.file)?.id ?? "";
          for (const p of statement.purposes) expect(consent.allowsPurpose(product, p)).toBe(true);
        }),
        params,
      );
    }
  });

  it("a record expires at the earliest fixed expiry fieldExpiry gives any field it carries, for the purposes it is kept for", () => {
    const params = replayable("recordExpiry agrees with fieldExpiry", 200);
    const collectedAt = new Date(Date.UTC(2026, 0, 15, 8, 30));
    // The fixture's sample declares retention per purpose, which no pact field does.
    for (const schema of [SampleSchema, ...productMessages]) {
      fc.assert(
        fc.property(messageArbitrary(schema), fc.subarray(PURPOSES), fc.constantFrom(Tier.DEVICE, Tier.APP, Tier.CLOUD), (m, purposes, tier) => {
          // The definition, field by field: each stated purpose a field serves, or its retention regardless of purpose.
          let expected: number | undefined;
          for (const rule of setLeaves(planFor(schema), m)) {
            const serving = rule.purposes.filter((p) => purposes.includes(p));
            for (const p of purposes.length > 0 && serving.length > 0 ? serving : [undefined]) {
              const e = fieldExpiry(rule, tier, collectedAt, p);
              if (e.kind === "at" && (expected === undefined || e.at.getTime() < expected)) expected = e.at.getTime();
            }
          }
          expect(recordExpiry(schema, m, tier, collectedAt, purposes)?.getTime()).toBe(expected);
        }),
        params,
      );
    }
  });

  it("compiles a plan for every message type", () => {
    for (const schema of productMessages) expect(planFor(schema).schema).toBe(schema);
  });
});
