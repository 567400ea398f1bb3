import { guardedFields } from "../canary/guarded-fields.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, joinImprovementPlan, plantEveryMessage, syncNow } from "./support/user-actions.js";

function judge({ hits }: ScenarioOutcome): Violation[] {
  return hits.filter((h) => h.sink === "log").map((h) => violationOfHit(h, "personal value in the log"));
}

/** Logs are all this invariant reads: the database is not scanned. */
const observe = { database: false };

/**
 * DP-NO-PERSONAL-DATA-IN-LOGS. The implementation's log (stderr, the lines
 * it dumps, and the messages of the errors it answers steps with) holds
 * ids, codes, type names and field paths, never a value: no canary of any
 * annotated field, whatever the field, is found in any log line, in any
 * encoding. Seed: 000 §2.4 (security measures; least data), §05; M175.
 */
export const noPersonalDataInLogs: Invariant = {
  id: "DP-NO-PERSONAL-DATA-IN-LOGS",
  title: "No personal value in any log line",
  statement:
    "The implementation's logs (what it writes to stderr or a log service, and the messages of the errors it answers with) name ids, codes, message types and field paths, never values: no value of any annotated field is found in any log line, in plain text or any encoding the kit can undo.",
  source: "000 §2.4 (security measures), §05; M175",
  check: (ctx) =>
    scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await consentTo(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await joinImprovementPlan(s, model);
          await plantEveryMessage(s, model, ctx.products, { guard: guardedFields.annotated, seed: ctx.seed });
          await syncNow(s, model);
          await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
        },
        observe,
        judge,
      },
      () =>
        ctx.explore({
          guard: guardedFields.annotated,
          choices: ["emitDeviceFrame", "appRecord", "setFunction", "giveConsent", "withdrawConsent", "setUploadSwitch", "analyticsOptIn", "analyticsOptOut", "sync", "shareDevice", "readAs", "export"],
          observe,
          judge,
        }),
    ),
};
