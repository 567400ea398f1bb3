import { Flow, RetentionKind } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { allTiers } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { retentionOffending } from "../tier-entries.js";

/**
 * DP-LINT-DISPLAY-ONLY-RETAINED: a FLOW_DISPLAY_ONLY value has
 * RETENTION_KIND_NOT_STORED on every tier; "Not stored" must mean no store
 * holds it (M036, M039, M126).
 */
export const displayOnlyRetained: LintRule = {
  id: "DP-LINT-DISPLAY-ONLY-RETAINED",
  severity: "error",
  mechanisms: ["M036", "M039", "M126"],
  summary: "A display-only field declares retention other than RETENTION_KIND_NOT_STORED at some tier.",
  checkField({ field, policy }, report) {
    if (!policy || flowOf(policy) !== Flow.DISPLAY_ONLY) return;
    const bad = retentionOffending(policy, allTiers, (e) => e.kind === RetentionKind.NOT_STORED, true);
    if (bad.length > 0) {
      report(field, `FLOW_DISPLAY_ONLY but retention is not RETENTION_KIND_NOT_STORED at ${bad.join(", ")}: a display-only value is kept nowhere`);
    }
  },
};
