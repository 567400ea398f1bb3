import type { Registry } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";
import { guardedFields } from "../canary/guarded-fields.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { ExecutedStep } from "../runner/scenario.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

const thirdPartyDirect = (rule: { thirdPartyDirect: boolean }) => rule.thirdPartyDirect;

/** The message type a data step sent: `emit_device_frame d1 <type>`, `app_record a1 <type>`. */
function sentType(step: ExecutedStep): string | undefined {
  return step.ref.summary.split(" ")[2];
}

/**
 * Whether a device could rightly ignore the step without refusing it: its
 * firmware produces nothing at all for a function that is off.
 */
function notProduced(step: ExecutedStep, registry: Registry): boolean {
  if (step.ref.name !== "emit_device_frame") return false;
  const schema = registry.getMessage(sentType(step) ?? "");
  if (!schema) return false;
  const plan = planFor(schema);
  return plan.offByDefault && !(step.model?.enabledFunctions.includes(`${plan.productId}/${plan.fn}`) ?? false);
}

function judgeWith(registry: Registry) {
  return ({ scenario, hits }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = hits.map((h) => violationOfHit(h, "third-party-direct value accepted"));
    for (const step of scenario.steps) {
      const card = step.planted;
      if (card.length === 0) continue;
      const r = step.response.result;
      if (r.case === "error" && r.value.code !== "") continue;
      if (r.case === "ok" && notProduced(step, registry)) continue;
      const first = card[0]!;
      violations.push({
        fieldPath: first.fieldPath,
        messageType: first.messageType,
        sink: "step answer",
        step: step.ref,
        message: `a value a third party collects directly was accepted at entry: the step was answered ${r.case === "error" ? "with an error without a code" : r.case} instead of a typed error`,
      });
    }
    return violations;
  };
}

/**
 * DP-THIRD-PARTY-DIRECT-REFUSED. Values a third party collects directly
 * (card number, CVC, bank-reserved contact data: `flow:
 * FLOW_THIRD_PARTY_DIRECT`) are never accepted by the implementation: a
 * device frame or app record carrying one is refused at entry with a typed
 * error (a StepError with a code), and the value is found in no sink at
 * all. Seed: 000 §3.2 (NFC: "bank collect directly"), appendix 1; M057.
 */
export const thirdPartyDirectRefused: Invariant = {
  id: "DP-THIRD-PARTY-DIRECT-REFUSED",
  title: "Data a third party collects directly is never accepted",
  statement:
    "A value the pact says a third party collects directly (card data the bank takes itself) is never accepted: any step that hands one to the implementation is refused at entry with a typed error, and the value is found in no store, traffic, log, export or answer, in any encoding. A device may ignore the step only when the message's function is off and it produces nothing.",
  source: "000 §3.2 (NFC payment: \"for NFC, bank collect directly\"), appendix 1; M057",
  products: productsWith(thirdPartyDirect),
  check: (ctx) => {
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, thirdPartyDirect);
    const judge = judgeWith(ctx.registry);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, { guard: guardedFields.thirdPartyDirect, messages, seed: ctx.seed });
          await syncNow(s, model);
        },
        judge,
      },
      // No function switches: the judge reads which off-by-default functions were on from the model.
      () => ctx.explore({ guard: guardedFields.thirdPartyDirect, messages, choices: ["emitDeviceFrame", "appRecord", "giveConsent", "withdrawConsent", "sync"], judge }),
    );
  },
};
