import type { Registry } from "@bufbuild/protobuf";
import { planFor, type MessagePlan } from "@datapact/policy";
import { guardedFields } from "../canary/guarded-fields.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { ModelSnapshot } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { canaryField } from "./support/canary-rule.js";
import { productsWith } from "./support/products-with.js";
import { modelAt } from "./support/scenario-steps.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { isCloudHop } from "./support/sink-places.js";
import { consentTo, enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

function on(model: ModelSnapshot | undefined, plan: MessagePlan): boolean {
  return model?.enabledFunctions.includes(`${plan.productId}/${plan.fn}`) ?? false;
}

function judgeWith(registry: Registry) {
  return ({ scenario, hits }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    for (const h of hits) {
      const field = canaryField(registry, h.canary);
      if (!field || !field.plan.offByDefault) continue;
      if (!on(modelAt(scenario, h.canary.step), field.plan)) {
        violations.push(violationOfHit(h, `value of function ${field.plan.productId}/${field.plan.fn}, off by default, produced while it was off`));
      } else if ((isCloudHop(h.sink) || h.sink === "hop:device->app") && !on(modelAt(scenario, h.observedAt), field.plan)) {
        violations.push(violationOfHit(h, `value of function ${field.plan.productId}/${field.plan.fn} sent after it was turned off`));
      }
    }
    // A device whose function is off sends no frame at all for it, whatever the frame holds.
    for (const step of scenario.steps) {
      if (step.ref.name !== "emit_device_frame" || step.planted.length === 0) continue;
      const r = step.response.result;
      if (r.case !== "ok" || r.value.detail.case !== "emitDeviceFrame" || r.value.detail.value.linkFrames.length === 0) continue;
      const schema = registry.getMessage(step.ref.summary.split(" ")[2] ?? "");
      if (!schema) continue;
      const plan = planFor(schema);
      if (!plan.offByDefault || on(step.model, plan)) continue;
      violations.push({
        fieldPath: step.planted[0]!.fieldPath,
        messageType: schema.typeName,
        sink: "hop:device->app",
        step: step.ref,
        message: `the device put ${r.value.detail.value.linkFrames.length} frame(s) on the link for function ${plan.productId}/${plan.fn} while it was off`,
      });
    }
    return violations;
  };
}

/**
 * DP-FUNCTIONS-OFF-BY-DEFAULT. A function the pact marks off by default
 * (SpO2, female health, notification display, human detection, crash and
 * usage reports...) produces nothing until the user turns it on, and
 * nothing after the user turns it off: values of its messages produced
 * while it is off are found in no sink at all (the device's flash, the
 * link, the phone, the cloud), the device puts no frame on the link for it,
 * and nothing of it is sent once it is turned off. Seed: 000 §3.2-§3.9
 * ("off by default", "the user can turn it on"); M026, M027.
 */
export const functionsOffByDefault: Invariant = {
  id: "DP-FUNCTIONS-OFF-BY-DEFAULT",
  title: "Functions off by default produce nothing until enabled, and nothing after disabling",
  statement:
    "A function the pact marks off by default produces nothing until the user turns it on and nothing after the user turns it off: a value of its messages produced while it is off is found in no store at any tier, in no traffic and in no log; the device puts no frame on the link for it; and nothing of it crosses to the cloud once it has been turned off.",
  source: "000 §3.2-§3.9 (functions off by default, turned on by the user); M026, M027",
  products: productsWith((_rule, plan) => plan.offByDefault),
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (_schema: unknown, plan: MessagePlan) => plan.offByDefault;
    const plant = { guard: guardedFields.offByDefault, messages, seed: ctx.seed };
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await consentTo(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, plant);
          await syncNow(s, model);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 1 });
          await enableOffByDefaultFunctions(s, model, ctx.products, false);
          await plantEveryMessage(s, model, ctx.products, { ...plant, seed: ctx.seed + 2 });
          await syncNow(s, model);
        },
        judge,
      },
      () => ctx.explore({ guard: guardedFields.offByDefault, messages, choices: ["setFunction", "emitDeviceFrame", "appRecord", "giveConsent", "sync"], judge }),
    );
  },
};
