import { RetentionKind } from "@datapact/proto";
import { retentionListsOf } from "../retention-lists.js";
import type { LintRule } from "../rule.js";
import { entryPlace, retentionKindName } from "../vocabulary-names.js";

/**
 * DP-LINT-DAYS-WITHOUT-FIXED-PERIOD: `days` belongs to
 * RETENTION_KIND_FIXED_PERIOD only; on another kind it is a second, conflicting
 * answer to "how long" (M121).
 */
export const daysWithoutFixedPeriod: LintRule = {
  id: "DP-LINT-DAYS-WITHOUT-FIXED-PERIOD",
  severity: "error",
  mechanisms: ["M121"],
  summary: "A retention entry sets days with a kind other than RETENTION_KIND_FIXED_PERIOD.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    for (const list of retentionListsOf(policy)) {
      for (const entry of list.entries) {
        if (entry.kind !== RetentionKind.FIXED_PERIOD && entry.days !== 0) {
          report(field, `${list.label} ${entryPlace(entry.tier)} sets days with ${retentionKindName(entry.kind)}: days only goes with RETENTION_KIND_FIXED_PERIOD`);
        }
      }
    }
  },
};
