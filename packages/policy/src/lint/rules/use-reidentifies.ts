import { IdentificationQualifier } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { purposeName, qualifierName } from "../vocabulary-names.js";

/**
 * DP-LINT-USE-REIDENTIFIES: a `uses` entry is never more identifying than the
 * datum itself: pseudonymized data cannot be re-linked for one purpose, and
 * anonymized data is never re-linked (M084, M086). Qualifiers are ordered
 * from most identifying (IDENTIFIED) to least (AGGREGATED).
 */
export const useReidentifies: LintRule = {
  id: "DP-LINT-USE-REIDENTIFIES",
  severity: "error",
  mechanisms: ["M084", "M086"],
  summary: "A uses entry is more identifying than the field's own qualifier.",
  checkField({ field, policy }, report) {
    if (!policy || policy.qualifier === IdentificationQualifier.UNSPECIFIED) return;
    for (const use of policy.uses) {
      if (use.qualifier !== IdentificationQualifier.UNSPECIFIED && use.qualifier < policy.qualifier) {
        report(
          field,
          `uses entry for ${purposeName(use.purpose)} is ${qualifierName(use.qualifier)}, more identifying than the field's ${qualifierName(policy.qualifier)}: a use cannot re-link data`,
        );
      }
    }
  },
};
