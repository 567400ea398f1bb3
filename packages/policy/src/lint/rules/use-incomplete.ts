import { IdentificationQualifier } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { purposeName } from "../vocabulary-names.js";

/**
 * DP-LINT-USE-INCOMPLETE: a `uses` entry says both the qualifier and the
 * retention of that use; that is what distinguishes it from the field's own
 * (M089: identified for 180 days, pseudonymized for 90 days).
 */
export const useIncomplete: LintRule = {
  id: "DP-LINT-USE-INCOMPLETE",
  severity: "error",
  mechanisms: ["M089", "M121"],
  summary: "A uses entry lacks a qualifier or a retention.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    for (const use of policy.uses) {
      const missing = [
        use.qualifier === IdentificationQualifier.UNSPECIFIED ? "qualifier" : undefined,
        use.retention.length === 0 ? "retention" : undefined,
      ].filter((m): m is string => m !== undefined);
      if (missing.length > 0) {
        report(field, `uses entry for ${purposeName(use.purpose)} has no ${missing.join(" and no ")}: say how identifying this use is and how long it keeps the value`);
      }
    }
  },
};
