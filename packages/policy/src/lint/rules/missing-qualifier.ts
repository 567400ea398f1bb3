import { IdentificationQualifier } from "@datapact/proto";
import type { LintRule } from "../rule.js";

/**
 * DP-LINT-MISSING-QUALIFIER: an annotated data field says how identifying it
 * is (ISO/IEC 19944-1 identification qualifier, M083, M084, M086, M087).
 */
export const missingQualifier: LintRule = {
  id: "DP-LINT-MISSING-QUALIFIER",
  severity: "error",
  mechanisms: ["M083", "M084", "M086", "M087"],
  summary: "A data field's annotation has no identification qualifier.",
  checkField({ field, policy, needsAnnotation }, report) {
    if (needsAnnotation && policy && policy.qualifier === IdentificationQualifier.UNSPECIFIED) {
      report(field, "no qualifier: set qualifier to an IDENTIFICATION_QUALIFIER_* value");
    }
  },
};
