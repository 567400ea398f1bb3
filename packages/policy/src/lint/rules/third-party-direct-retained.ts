import { Flow, RetentionKind } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { allTiers } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { retentionOffending } from "../tier-entries.js";

/**
 * DP-LINT-THIRD-PARTY-DIRECT-RETAINED: a FLOW_THIRD_PARTY_DIRECT value's
 * retention is the third party's (RETENTION_KIND_THIRD_PARTY) or
 * RETENTION_KIND_NOT_STORED on every tier (M127).
 */
export const thirdPartyDirectRetained: LintRule = {
  id: "DP-LINT-THIRD-PARTY-DIRECT-RETAINED",
  severity: "error",
  mechanisms: ["M127"],
  summary: "A third-party-direct field declares a retention of our own.",
  checkField({ field, policy }, report) {
    if (!policy || flowOf(policy) !== Flow.THIRD_PARTY_DIRECT) return;
    const ok = (e: { kind: RetentionKind }) => e.kind === RetentionKind.THIRD_PARTY || e.kind === RetentionKind.NOT_STORED;
    const bad = retentionOffending(policy, allTiers, ok, true);
    if (bad.length > 0) {
      report(field, `FLOW_THIRD_PARTY_DIRECT but retention is not RETENTION_KIND_THIRD_PARTY or RETENTION_KIND_NOT_STORED at ${bad.join(", ")}`);
    }
  },
};
