import type { Registry } from "@bufbuild/protobuf";
import type { FieldRule } from "@datapact/policy";
import { IdentificationQualifier, Purpose } from "@datapact/proto";
import type { Canary } from "../canary/canary.js";
import { findCanaries } from "../canary/find-canaries.js";
import { guardedFields } from "../canary/guarded-fields.js";
import type { Observation } from "../observe/observation.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { Scenario } from "../runner/scenario.js";
import { UserModel, type ModelSnapshot } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { accountIdMarkers } from "./support/account-ids.js";
import { canaryField } from "./support/canary-rule.js";
import { observedExchanges, observedRows } from "./support/observed-groups.js";
import { headerTokens } from "./support/request-tokens.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { modelAt } from "./support/scenario-steps.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { isCloudHop, isCloudward } from "./support/sink-places.js";
import { consentTo, enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

/** A value the pact lets travel only unlinked: used for analytics, identified for no purpose. */
function analyticsOnly(rule: FieldRule): boolean {
  return rule.purposes.includes(Purpose.ANALYTICS) && rule.purposes.every((p) => rule.qualifierFor(p) !== IdentificationQualifier.IDENTIFIED);
}

/** A value that must never travel with pseudonymous analytics: not used for analytics, or identified for it. */
function identifiedForAnalytics(rule: FieldRule): boolean {
  return !rule.purposes.includes(Purpose.ANALYTICS) || rule.qualifierFor(Purpose.ANALYTICS) === IdentificationQualifier.IDENTIFIED;
}

function enrolled(model: ModelSnapshot | undefined, productId: string): boolean {
  return (model?.analyticsOptIn ?? []).some((p) => p === "" || p === productId);
}

function judgeWith(registry: Registry) {
  return ({ scenario, observations, hits }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    const ruleOf = (c: Canary) => canaryField(registry, c);
    // 1. Nothing collected before joining, nothing sent while not enrolled.
    for (const h of hits) {
      const field = ruleOf(h.canary);
      if (!field || !analyticsOnly(field.rule)) continue;
      if (!(isCloudward(h.sink) || h.sink === "app-store")) continue;
      if (!enrolled(modelAt(scenario, h.canary.step), field.plan.productId)) {
        violations.push(violationOfHit(h, "analytics value collected while the user was not in the improvement plan"));
      } else if (isCloudHop(h.sink) && !enrolled(modelAt(scenario, h.observedAt), field.plan.productId)) {
        violations.push(violationOfHit(h, "analytics value sent after the user left the improvement plan"));
      } else if (h.sink === "app-store" && !enrolled(modelAt(scenario, h.observedAt), field.plan.productId)) {
        violations.push(violationOfHit(h, "analytics value still queued on the phone after the user left the improvement plan"));
      }
    }
    // 2. Analytics traffic carries no account id and nothing identified.
    const accounts = accountIdMarkers(scenario);
    const planted = scenario.planted;
    const unlinkedOnly = planted.filter((c) => {
      const f = ruleOf(c);
      return f !== undefined && analyticsOnly(f.rule);
    });
    const identified = planted.filter((c) => {
      const f = ruleOf(c);
      return f !== undefined && identifiedForAnalytics(f.rule);
    });
    const tokens: Canary[] = [];
    const linkedExchanges: Observation[][] = [];
    for (const exchange of observedExchanges(observations)) {
      const carried = findCanaries(exchange.request, unlinkedOnly);
      const parts = [exchange.meta, ...exchange.request];
      if (carried.length === 0) {
        if (findCanaries(parts, accounts).length > 0) linkedExchanges.push(parts);
        continue;
      }
      const first = carried[0]!;
      for (const a of findCanaries(parts, accounts)) {
        violations.push({ ...violationOfHit(first, "analytics sent together with the account id"), message: `analytics sent together with the account id: ${exchange.sink} ${exchange.label} (${a.sink === first.sink ? "same request" : a.sink})` });
        break;
      }
      for (const h of findCanaries(exchange.request, identified)) violations.push(violationOfHit(h, "identified value sent with pseudonymous analytics"));
      tokens.push(...headerTokens(exchange.meta));
    }
    // 3. Stored analytics rows carry no account id; the install's token is never kept or sent next to the account id.
    for (const row of observedRows(observations)) {
      const withAccount = findCanaries(row.cells, accounts).length > 0;
      if (!withAccount) continue;
      for (const h of findCanaries(row.cells, unlinkedOnly)) violations.push(violationOfHit(h, `analytics value stored in a row that names the account (${row.table} ${row.row})`));
      for (const t of findCanaries(row.cells, tokens)) {
        violations.push({ fieldPath: t.canary.fieldPath, sink: t.sink, step: t.observedAt, message: `the improvement plan's install token is stored next to the account id: found in ${t.sink} ${row.row}` });
      }
    }
    for (const parts of linkedExchanges) {
      for (const t of findCanaries(parts, tokens)) {
        violations.push({ fieldPath: t.canary.fieldPath, sink: t.sink, step: t.observedAt, message: `the improvement plan's install token is sent together with the account id: found in ${t.sink} ${t.detail ?? ""}` });
      }
    }
    return violations;
  };
}

/** Joins or leaves the plan, app-wide. */
async function setEnrolment(s: Scenario, model: UserModel, optedIn: boolean): Promise<void> {
  const outcome = await s.step(optedIn ? "analyticsOptIn" : "analyticsOptOut", { account: UserModel.owner, productId: "" }, model.snapshot());
  if (outcome.ok) model.setAnalytics("", optedIn);
}

/**
 * DP-ANALYTICS-OPT-IN. Analytics of the User Experience Improvement Plan
 * are collected only after the user opts in and stop when they opt out;
 * they are only ever pseudonymized, and never linked to the account:
 * values the pact uses only for pseudonymous analytics are found in no
 * store, traffic or queue from before the opt-in or after the opt-out, no
 * request that carries them names the account or carries an identified
 * value, no stored row that holds them names the account, and the token that
 * identifies the install is never stored or sent next to the account id.
 * Seed: 000 §05 (User Experience Improvement Plan); M014, M084, M088.
 */
export const analyticsOptIn: Invariant = {
  id: "DP-ANALYTICS-OPT-IN",
  title: "Analytics only after opt-in, only pseudonymized, never linked to the account",
  statement:
    "Values the pact uses only for pseudonymous analytics are collected only while the user is enrolled in the improvement plan: none is found in any store, queue or traffic from before the opt-in or sent after the opt-out. Analytics travel without the account: no request carrying them names the account id or carries an identified value, no stored row holding them names the account, and the install's token is never stored or sent next to the account id.",
  source: "000 §05 (User Experience Improvement Plan); M014, M084, M088",
  products: productsWith(analyticsOnly),
  needs: ["analyticsOptIn", "analyticsOptOut"],
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, analyticsOnly);
    const plant = { guard: guardedFields.annotated, messages, seed: ctx.seed };
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await consentTo(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, plant);
          await syncNow(s, model);
          await setEnrolment(s, model, true);
          await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 1 });
          await syncNow(s, model);
          await setEnrolment(s, model, false);
          await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 2 });
          await syncNow(s, model);
        },
        judge,
      },
      () =>
        ctx.explore({
          guard: guardedFields.annotated,
          messages,
          setup: {},
          choices: ["analyticsOptIn", "analyticsOptOut", "appRecord", "emitDeviceFrame", "giveConsent", "withdrawConsent", "setFunction", "sync"],
          judge,
        }),
    );
  },
};
