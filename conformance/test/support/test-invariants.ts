import { guardedFields } from "../../src/canary/guarded-fields.js";
import type { Invariant } from "../../src/runner/invariant.js";
import { violationOfHit } from "../../src/runner/violation.js";

/** A test invariant: display-only values never reach the log. (The real invariants live in src/invariants/.) */
export const displayOnlyNotLogged: Invariant = {
  id: "TEST-DISPLAY-ONLY-NOT-LOGGED",
  title: "Display-only values are never logged",
  statement: "A value the pact marks display-only never appears in the testee's log, in any encoding.",
  source: "test",
  check: (ctx) =>
    ctx.explore({
      guard: guardedFields.displayOnly,
      choices: ["emitDeviceFrame", "setFunction", "sync"],
      judge: ({ hits }) => hits.filter((h) => h.sink === "log").map((h) => violationOfHit(h, "display-only value in the log")),
    }),
};
