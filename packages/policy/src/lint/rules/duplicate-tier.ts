import { retentionListsOf } from "../retention-lists.js";
import { repeatedValues } from "../repeated-values.js";
import type { LintRule } from "../rule.js";
import { tierName } from "../vocabulary-names.js";

/**
 * DP-LINT-DUPLICATE-TIER: `storage` and each retention list have one entry per
 * tier and at most one tier-less entry; two entries for one tier are two
 * answers to "how is it protected / how long is it kept there" (M117-M119).
 */
export const duplicateTier: LintRule = {
  id: "DP-LINT-DUPLICATE-TIER",
  severity: "error",
  mechanisms: ["M117", "M118", "M119"],
  summary: "storage or retention has two entries for the same tier.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const lists = [{ label: "storage", entries: policy.storage }, ...retentionListsOf(policy)];
    for (const list of lists) {
      const twice = repeatedValues(list.entries.map((e) => e.tier));
      if (twice.length > 0) {
        const names = twice.map((t) => (t === 0 ? "the tier-less entry" : tierName(t)));
        report(field, `${list.label} has more than one entry for ${names.join(", ")}: one entry per tier`);
      }
    }
  },
};
