import type { LintRule } from "../rule.js";

/**
 * DP-LINT-MISSING-PURPOSE: an annotated data field declares at least one
 * purpose; every use must match a declared purpose (M091) and data no
 * function needs is not collected (M096).
 */
export const missingPurpose: LintRule = {
  id: "DP-LINT-MISSING-PURPOSE",
  severity: "error",
  mechanisms: ["M091", "M096"],
  summary: "A data field's annotation declares no purpose.",
  checkField({ field, policy, needsAnnotation }, report) {
    if (needsAnnotation && policy && policy.purposes.length === 0) {
      report(field, "no purpose: list at least one PURPOSE_* value in purposes");
    }
  },
};
