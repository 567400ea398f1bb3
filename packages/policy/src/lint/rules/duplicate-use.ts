import type { LintRule } from "../rule.js";
import { purposeName } from "../vocabulary-names.js";

/**
 * DP-LINT-DUPLICATE-USE: at most one `uses` entry per purpose, so each use has
 * one qualifier and one retention (M089).
 */
export const duplicateUse: LintRule = {
  id: "DP-LINT-DUPLICATE-USE",
  severity: "error",
  mechanisms: ["M089"],
  summary: "Two uses entries name the same purpose.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const seen = new Set<number>();
    const twice = new Set<number>();
    for (const use of policy.uses) (seen.has(use.purpose) ? twice : seen).add(use.purpose);
    if (twice.size > 0) {
      report(field, `more than one uses entry for ${[...twice].map(purposeName).join(", ")}: keep one per purpose`);
    }
  },
};
