import type { Registry } from "@bufbuild/protobuf";
import type { FieldRule } from "@datapact/policy";
import { cloud, Purpose } from "@datapact/proto";
import type { FieldSelector } from "../canary/guarded-fields.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { CatalogProduct } from "../runner/product-catalog.js";
import type { Scenario } from "../runner/scenario.js";
import { UserModel, type ModelSnapshot } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { canaryField } from "./support/canary-rule.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { modelAt } from "./support/scenario-steps.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { isCloudHop, isCloudward } from "./support/sink-places.js";
import { enableOffByDefaultFunctions, joinImprovementPlan, plantEveryMessage, POLICY_VERSIONS, syncNow } from "./support/user-actions.js";

/** A value used for some purpose beyond the product's functionality. */
const beyondFunctionality = (rule: FieldRule) => rule.purposes.some((p) => p !== Purpose.FUNCTIONALITY);
const guard: FieldSelector = ({ rule }) => rule !== undefined && beyondFunctionality(rule);

function consented(model: ModelSnapshot | undefined, productId: string, rule: FieldRule): boolean {
  return model !== undefined && rule.purposes.some((p) => model.consent.allowsPurpose(productId, p));
}

function judgeWith(registry: Registry) {
  return ({ scenario, hits }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    for (const h of hits) {
      if (!isCloudward(h.sink)) continue;
      const field = canaryField(registry, h.canary);
      if (!field) continue;
      const purposes = field.rule.purposes.map((p) => Purpose[p]).join(", ");
      if (!consented(modelAt(scenario, h.canary.step), field.plan.productId, field.rule)) {
        violations.push(violationOfHit(h, `value used only for purposes the user had not consented to (${purposes}) reached the cloud`));
      } else if (isCloudHop(h.sink) && !consented(modelAt(scenario, h.observedAt), field.plan.productId, field.rule)) {
        violations.push(violationOfHit(h, `value sent after consent to its purposes (${purposes}) was withdrawn`));
      }
    }
    return violations;
  };
}

/**
 * The user accepts each product's next policy version but keeps consenting
 * to functionality alone (the version adds purposes the user does not take).
 */
async function acceptNextVersionKeepingFunctionality(s: Scenario, model: UserModel, products: readonly CatalogProduct[]): Promise<void> {
  for (const p of products) {
    if (!p.purposes.includes(Purpose.FUNCTIONALITY)) continue;
    const version = POLICY_VERSIONS.at(-1)!;
    const outcome = await s.step(
      "giveConsent",
      { account: UserModel.owner, productId: p.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: version, purposes: [Purpose.FUNCTIONALITY] },
      model.snapshot(),
    );
    if (outcome.ok) model.giveConsent(p.id, [Purpose.FUNCTIONALITY]);
  }
}

/**
 * DP-NEW-PURPOSE-NEEDS-CONSENT. Consent covers the purposes the user chose
 * and nothing else, whatever policy version it was given under: when a new
 * version of a product's policy adds a purpose (analytics, say), data for
 * that purpose stays blocked until the user consents to it; accepting the
 * new version for the old purposes does not consent to the new one. Values
 * used only for purposes the user has not consented to never reach the
 * cloud (its traffic, database or dump), and stop crossing once consent is
 * withdrawn. Seed: 000 §2.3 (separate policies, new purposes need consent);
 * M132, M133, M172.
 */
export const newPurposeNeedsConsent: Invariant = {
  id: "DP-NEW-PURPOSE-NEEDS-CONSENT",
  title: "A new purpose needs new consent",
  statement:
    "Consent covers only the purposes the user chose: when a new policy version adds a purpose, data for it stays blocked until the user consents to that purpose, and accepting the new version for the old purposes consents to nothing more. A value used only for purposes the user has not consented to never reaches the cloud, and none crosses after consent to its purposes is withdrawn.",
  source: "000 §2.3 (separate product policies; new purposes need new consent); M132, M133, M172",
  products: productsWith(beyondFunctionality),
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, beyondFunctionality);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await acceptNextVersionKeepingFunctionality(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await joinImprovementPlan(s, model);
          await plantEveryMessage(s, model, ctx.products, { guard, messages, seed: ctx.seed });
          await syncNow(s, model);
        },
        judge,
      },
      () =>
        ctx.explore({
          guard,
          messages,
          choices: ["giveConsent", "withdrawConsent", "emitDeviceFrame", "appRecord", "setFunction", "analyticsOptIn", "analyticsOptOut", "sync"],
          judge,
        }),
    );
  },
};
