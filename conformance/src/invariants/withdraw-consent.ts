import type { Registry } from "@bufbuild/protobuf";
import type { FieldRule } from "@datapact/policy";
import { IdentificationQualifier, Purpose } from "@datapact/proto";
import type { CanaryHit } from "../canary/find-canaries.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { Scenario } from "../runner/scenario.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { accountIdMarkers } from "./support/account-ids.js";
import { canaryField } from "./support/canary-rule.js";
import { acceptedValues, canaryKey, keptForTheAccount, lastStepNamed, observedAfter } from "./support/data-rights-evidence.js";
import { dumpedRows } from "./support/dump-rows.js";
import { observedRows } from "./support/observed-groups.js";
import { productsWith } from "./support/products-with.js";
import { hitsPerRow, rowsWithAny } from "./support/row-hits.js";
import { runScripted } from "./support/scripted-check.js";
import { isCloudward } from "./support/sink-places.js";
import { consentTo, enableOffByDefaultFunctions, joinImprovementPlan, plantEveryMessage, syncNow } from "./support/user-actions.js";

/** Collected only for pseudonymous analytics, under the install's token. */
function analyticsOnly(rule: FieldRule): boolean {
  return rule.purposes.includes(Purpose.ANALYTICS) && rule.purposes.every((p) => rule.qualifierFor(p) !== IdentificationQualifier.IDENTIFIED);
}

/** Hits in stored rows that name the account (the account's data, not pseudonymous analytics kept apart). */
function accountRowKeys(outcome: ScenarioOutcome): Set<string> {
  const accounts = accountIdMarkers(outcome.scenario).slice(0, 1);
  const keys = new Set<string>();
  const rows = rowsWithAny([...observedRows(outcome.observations), ...dumpedRows(outcome.observations, "cloud-store")], accounts);
  for (const found of hitsPerRow(rows, outcome.scenario.planted)) {
    for (const h of found) keys.add(`${canaryKey(h.canary)}\u0000${h.observedAt?.number ?? ""}\u0000${h.sink}\u0000${h.detail ?? ""}`);
  }
  return keys;
}

function judgeWith(registry: Registry, productId: string) {
  return (outcome: ScenarioOutcome): Violation[] => {
    const { scenario, hits } = outcome;
    const violations: Violation[] = [];
    const withdrawn = scenario.steps.find((s) => s.ref.name === "withdraw_consent" && s.response.result.case === "ok");
    const optedOut = lastStepNamed(scenario, "analytics_opt_out");
    const inAccountRow = accountRowKeys(outcome);
    const afterStep = (h: CanaryHit, n: number) => (h.observedAt?.number ?? 0) > n;
    const seen = new Set<string>();
    const once = (h: CanaryHit, why: string) => {
      const k = `${canaryKey(h.canary)}\u0000${why}`;
      if (seen.has(k)) return;
      seen.add(k);
      violations.push(violationOfHit(h, why));
    };
    for (const h of hits) {
      const field = canaryField(registry, h.canary);
      if (!field) continue;
      const planted = h.canary.step?.number ?? 0;
      if (withdrawn && field.plan.productId === productId && afterStep(h, withdrawn.ref.number)) {
        if (planted > withdrawn.ref.number && isCloudward(h.sink)) {
          once(h, `${productId} value collected after the user withdrew consent to ${productId} at step #${withdrawn.ref.number}`);
        } else if (planted < withdrawn.ref.number && keptForTheAccount(field.rule)) {
          const stored = h.sink === "export" || ((h.sink.startsWith("db:") || h.sink === "cloud-store") && inAccountRow.has(`${canaryKey(h.canary)}\u0000${h.observedAt?.number ?? ""}\u0000${h.sink}\u0000${h.detail ?? ""}`));
          if (stored) once(h, `${productId} value still kept after the user withdrew consent to ${productId} at step #${withdrawn.ref.number}`);
        }
      }
      if (optedOut?.response.result.case === "ok" && analyticsOnly(field.rule) && afterStep(h, optedOut.ref.number)) {
        if (planted > optedOut.ref.number && isCloudward(h.sink)) once(h, `analytics value collected after the user left the improvement plan at step #${optedOut.ref.number}`);
        else if (planted < optedOut.ref.number && (h.sink.startsWith("db:") || h.sink === "cloud-store")) {
          once(h, `analytics value the install token collected still stored after the user left the improvement plan at step #${optedOut.ref.number}`);
        }
      }
    }
    return violations;
  };
}

/**
 * Withdrawing consent to the app's policy (the whole app) deletes "all your
 * personal data, including data related to your devices on servers and data
 * generated during your use of the app on both our servers and on your
 * phone" (000 §05 line 1109): the account included. Every planted value is
 * the user's, so none may be seen after the withdrawal in the cloud's
 * database or stores, the app's files, an export, traffic or the log. The
 * devices' own storage is not named there; unbinding and resetting them is
 * DP-DELETE-REACHES-EVERY-COPY's to check.
 */
function judgeAppWithdrawal(registry: Registry) {
  return ({ scenario, hits }: ScenarioOutcome): Violation[] => {
    const withdrawn = scenario.steps.find((s) => s.ref.name === "withdraw_consent");
    if (!withdrawn) return [];
    if (withdrawn.response.result.case !== "ok") {
      const r = withdrawn.response.result;
      return [{ step: withdrawn.ref, message: `withdrawing consent to the app was not performed (${r.case === "error" ? r.value.code : "skipped"})` }];
    }
    const violations: Violation[] = [];
    const seen = new Set<string>();
    for (const h of observedAfter(hits, withdrawn.ref)) {
      if (h.sink === "device-store") continue;
      const k = `${canaryKey(h.canary)}\u0000${h.sink}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const productId = canaryField(registry, h.canary)?.plan.productId;
      violations.push(violationOfHit(h, `${productId ? `${productId} ` : ""}value survives the withdrawal of consent to the whole app at step #${withdrawn.ref.number}`));
    }
    return violations;
  };
}

/**
 * DP-WITHDRAW-CONSENT. Withdrawing consent acts at once and reaches what
 * it covered: after the user withdraws consent to a product, nothing more of
 * that product reaches the cloud, and what the cloud kept of it for the
 * account is gone from its database, its stores and the user's export;
 * after the user withdraws consent to the whole app, nothing of the user is
 * left anywhere (the account included); after the user leaves the
 * improvement plan, no more analytics are sent and what the install's token
 * collected is erased.
 * Seed: 000 §05 (withdraw consent; User Experience Improvement Plan);
 * M133-M136; decision 0011.
 */
export const withdrawConsent: Invariant = {
  id: "DP-WITHDRAW-CONSENT",
  title: "Withdrawing consent stops collection and erases what it covered",
  statement:
    "When the user withdraws consent to a product, nothing more of that product is collected, and what the cloud kept of it for the account is found in no table, no cloud store and no export afterwards. When the user withdraws consent to the whole app, everything on the servers and the phone goes: no value the user's devices and app produced is found afterwards in the cloud's database or stores, the app's files or queue, the traffic, the log or an export. When the user leaves the improvement plan, analytics stop at once and what the install's token collected is erased.",
  source: "000 §05 (withdraw consent; User Experience Improvement Plan); M133-M136; decision 0011",
  products: productsWith(keptForTheAccount),
  check: async (ctx) => {
    if (ctx.products.length === 0) return [];
    const plant = { guard: acceptedValues, seed: ctx.seed };
    const analytics = ctx.testee.supportedSteps.has("analyticsOptIn") && ctx.testee.supportedSteps.has("analyticsOptOut");
    // Every consent and function of `products`, and the improvement plan when the testee offers it and `plan` asks.
    const everythingOn = async (s: Scenario, model: UserModel, products = ctx.products, plan = true) => {
      await consentTo(s, model, products);
      await enableOffByDefaultFunctions(s, model, products);
      if (analytics && plan) {
        await joinImprovementPlan(s, model);
      }
    };
    const violations: Violation[] = [];
    // One scenario per product, from the seed's product on, as many as --runs allows (one at least).
    // The first plants every product around the withdrawal and then checks
    // the improvement plan; the others check their product alone: leaving
    // the plan does not depend on which product was withdrawn, and the
    // judge only weighs the withdrawn product's values.
    const start = (ctx.seed >>> 0) % ctx.products.length;
    for (let run = 0; run < Math.max(1, Math.min(ctx.runs, ctx.products.length)); run++) {
      const product = ctx.products[(start + run) % ctx.products.length]!;
      const first = run === 0;
      const planted = first ? ctx.products : [product];
      const found = await runScripted(ctx, {
        async script(s, model) {
          await everythingOn(s, model, planted, first);
          await plantEveryMessage(s, model, planted, plant);
          await syncNow(s, model);
          const w = await s.step("withdrawConsent", { account: UserModel.owner, productId: product.id, purposes: [] }, model.snapshot());
          if (w.ok) model.withdrawConsent(product.id, []);
          await plantEveryMessage(s, model, [product], { ...plant, seed: ctx.seed + 1 });
          await syncNow(s, model);
          await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
          if (analytics && first) {
            const out = await s.step("analyticsOptOut", { account: UserModel.owner, productId: "" }, model.snapshot());
            if (out.ok) model.setAnalytics("", false);
            await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 2 });
            await syncNow(s, model);
          }
        },
        judge: judgeWith(ctx.registry, product.id),
      });
      violations.push(...found);
      if (violations.length > 0) break;
    }
    if (violations.length > 0) return violations;
    // The whole app: everything planted (synced, or still on the phone) is the user's and must go.
    return runScripted(ctx, {
      async script(s, model) {
        await everythingOn(s, model);
        await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 3 });
        await syncNow(s, model);
        await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 4 });
        const w = await s.step("withdrawConsent", { account: UserModel.owner, productId: "", purposes: [] }, model.snapshot());
        if (w.ok) {
          model.withdrawConsent("", []);
          model.setAnalytics("", false);
        }
        // A forgotten queue would send now; the export shows what the cloud still holds.
        await s.step("sync", { account: UserModel.owner });
        await s.step("export", { account: UserModel.owner, productId: "" });
      },
      judge: judgeAppWithdrawal(ctx.registry),
    });
  },
};
