import type { LintRule } from "../rule.js";

/**
 * DP-LINT-MISSING-ANNOTATION: every field of a data-carrying message that
 * holds a value (not one of our messages) carries `(datapact.privacy.v1.data)`.
 * Enforces the data inventory every product publishes (M173) and the closed
 * category/qualifier/purpose vocabulary (M083, M091).
 */
export const missingAnnotation: LintRule = {
  id: "DP-LINT-MISSING-ANNOTATION",
  severity: "error",
  mechanisms: ["M083", "M091", "M173"],
  summary: "A field of a data-carrying message has no (datapact.privacy.v1.data) annotation.",
  checkField({ field, policy, needsAnnotation }, report) {
    if (needsAnnotation && !policy) {
      report(field, "no (datapact.privacy.v1.data) annotation: category, qualifier and purposes are required (or mark the message MESSAGE_ROLE_CONTROL)");
    }
  },
};
