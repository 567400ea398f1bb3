import type { Registry } from "@bufbuild/protobuf";
import type { Invariant, InvariantContext, ScenarioOutcome } from "../runner/invariant.js";
import type { Scenario } from "../runner/scenario.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { canaryField } from "./support/canary-rule.js";
import { acceptedValues, observedAfter } from "./support/data-rights-evidence.js";
import { consentTo, enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";
import { scriptedThenExplored } from "./support/scripted-check.js";

/** Server-side failures: a second deletion may say "nothing to delete", never fail. */
const BROKEN_CODES = new Set(["internal", "unknown", "data_loss", "unavailable"]);

function judgeWith(registry: Registry) {
  return ({ scenario, hits }: ScenarioOutcome): Violation[] => {
    const deletions = scenario.steps.filter((s) => s.ref.name === "delete" || s.ref.name === "crash_and_resume_deletion");
    const first = deletions[0];
    if (!first) return [];
    const violations: Violation[] = [];
    for (const d of deletions) {
      const r = d.response.result;
      if (d === first && r.case !== "ok") violations.push({ step: d.ref, message: `the deletion was not performed (${r.case === "error" ? r.value.code : "skipped"})` });
      else if (r.case === "ok" && r.value.detail.case === "delete" && !r.value.detail.value.done) violations.push({ step: d.ref, message: "the deletion did not finish" });
      else if (r.case === "error" && BROKEN_CODES.has(r.value.code)) violations.push({ step: d.ref, message: `deleting again failed (${r.value.code}) instead of being harmless` });
    }
    for (const h of observedAfter(hits, first.ref)) {
      // Only values that are the user's data: every planted value is, whatever its rule.
      const field = canaryField(registry, h.canary);
      const where = field?.plan.productId ? `${field.plan.productId} ` : "";
      violations.push(violationOfHit(h, `${where}value of the deleted account survives the deletion at step #${first.ref.number}`));
    }
    return violations;
  };
}

/** After the deletion: sync (a forgotten queue would send now), export and observe every sink. */
async function afterDeletion(s: Scenario): Promise<void> {
  await s.step("sync", { account: UserModel.owner });
  await s.step("export", { account: UserModel.owner, productId: "" });
}

/**
 * DP-DELETE-REACHES-EVERY-COPY. Deleting the account reaches every copy of
 * the user's data: after the deletion no value the user's devices and app
 * produced is found in any table of the cloud's database, any store of the
 * cloud, the app or a bound device (the devices are unbound and factory
 * reset), the offline queue (nothing is sent afterwards), the log written
 * afterwards, or an export; a deletion crashed at any of its own steps and
 * resumed ends just as complete; and deleting again is harmless.
 * Seed: 000 §05 ("delete your account ... on the servers and all bound
 * devices"); M130-M132.
 */
export const deleteReachesEveryCopy: Invariant = {
  id: "DP-DELETE-REACHES-EVERY-COPY",
  title: "Deleting the account reaches every copy and every bound device",
  statement:
    "After the user deletes the account, no value their devices and app produced remains anywhere the kit can see: not in the cloud's database or stores, not in the app's files or offline queue (nothing is sent after the deletion), not on a bound device (each is unbound and factory reset), not in the log written afterwards, not in an export. A deletion that crashes at any of its own steps and resumes ends just as complete, and deleting a second time is harmless.",
  source: "000 §05 (Control your privacy: delete your account on the servers and all bound devices); M130-M132",
  check: async (ctx: InvariantContext) => {
    const judge = judgeWith(ctx.registry);
    const crashes = ctx.testee.supportedSteps.has("crashAndResumeDeletion");
    const script = async (s: Scenario, model: UserModel, crashAt: number | undefined) => {
      await consentTo(s, model, ctx.products);
      await enableOffByDefaultFunctions(s, model, ctx.products);
      await plantEveryMessage(s, model, ctx.products, { guard: acceptedValues, seed: ctx.seed });
      await syncNow(s, model);
      // Left on the phone, unsynced, when the user asks.
      await plantEveryMessage(s, model, ctx.products, { guard: acceptedValues, seed: ctx.seed + 1 });
      if (crashAt === undefined) await s.step("delete", { account: UserModel.owner, productId: "" }, model.snapshot());
      else await s.step("crashAndResumeDeletion", { account: UserModel.owner, productId: "", atStep: crashAt }, model.snapshot());
      await s.step("delete", { account: UserModel.owner, productId: "" }, model.snapshot());
      await afterDeletion(s);
    };
    return scriptedThenExplored(ctx, { script: (s, model) => script(s, model, undefined), judge }, async () => {
      if (!crashes) return [];
      // Crash at a step chosen from the seed, one scenario per run.
      for (let run = 0; run < ctx.runs; run++) {
        const crashAt = 1 + ((ctx.seed + run * 7919) >>> 0) % 8;
        const s = await ctx.scenario();
        const model = await ctx.setUp(s);
        await script(s, model, crashAt);
        const observations = await s.observe();
        const found = judge({ scenario: s, model: model.snapshot(), observations, hits: s.hits() });
        if (found.length > 0) return found.map((v) => ({ ...v, message: `${v.message} (crashed after deletion step ${crashAt} and resumed)` }));
      }
      return [];
    });
  },
};
