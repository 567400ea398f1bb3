import { Flow } from "@datapact/proto";
import { guardedFields } from "../canary/guarded-fields.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

const displayOnly = (rule: { flow: Flow }) => rule.flow === Flow.DISPLAY_ONLY;

function judge({ hits }: ScenarioOutcome): Violation[] {
  // The one place a display-only value may be: on its way to the screen over the device<->app link.
  return hits.filter((h) => h.sink !== "hop:device->app").map((h) => violationOfHit(h, "display-only value kept or sent beyond the device<->app link"));
}

/**
 * DP-DISPLAY-ONLY-NEVER-STORED. Values the pact marks display-only
 * (notification text, caller name and number, song title: `flow:
 * FLOW_DISPLAY_ONLY`) reach the device's screen and nothing else: they may
 * cross the device<->app link, and are never written to any store (device
 * flash, the phone, the cloud's database), never sent to the cloud, never
 * logged, never exported. Seed: 000 §3.2 (5) ("only to display on
 * device"), appendix 1; M036.
 */
export const displayOnlyNeverStored: Invariant = {
  id: "DP-DISPLAY-ONLY-NEVER-STORED",
  title: "Display-only data is never stored or sent beyond the device",
  statement:
    "A value the pact marks display-only (notification text, caller, music) reaches the device's screen over the device<->app link and nothing else: it is found in no store at any tier (device flash, the app's storage, the cloud's database), in no traffic to the cloud, in no log line and in no export, in any encoding.",
  source: "000 §3.2 (5), appendix 1 (\"only to display on device\"); M036",
  products: productsWith(displayOnly),
  check: (ctx) => {
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, displayOnly);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, { guard: guardedFields.displayOnly, messages, seed: ctx.seed });
          await syncNow(s, model);
          await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
        },
        judge,
      },
      () =>
        ctx.explore({
          guard: guardedFields.displayOnly,
          messages,
          choices: ["emitDeviceFrame", "appRecord", "setFunction", "giveConsent", "withdrawConsent", "sync", "export"],
          judge,
        }),
    );
  },
};
