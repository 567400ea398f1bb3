import { RetentionKind } from "@datapact/proto";
import { retentionListsOf } from "../retention-lists.js";
import type { LintRule } from "../rule.js";
import { entryPlace } from "../vocabulary-names.js";

/**
 * DP-LINT-FIXED-PERIOD-WITHOUT-DAYS: RETENTION_KIND_FIXED_PERIOD says how many
 * days (camera clips 7, analytics 90, advertising 180: M120, M121); without
 * `days` > 0 the retention sweeper has no deadline.
 */
export const fixedPeriodWithoutDays: LintRule = {
  id: "DP-LINT-FIXED-PERIOD-WITHOUT-DAYS",
  severity: "error",
  mechanisms: ["M120", "M121", "M123"],
  summary: "A RETENTION_KIND_FIXED_PERIOD entry has no days.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    for (const list of retentionListsOf(policy)) {
      for (const entry of list.entries) {
        if (entry.kind === RetentionKind.FIXED_PERIOD && entry.days === 0) {
          report(field, `${list.label} ${entryPlace(entry.tier)} is RETENTION_KIND_FIXED_PERIOD without days: set days > 0`);
        }
      }
    }
  },
};
