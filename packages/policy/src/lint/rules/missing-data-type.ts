import type { LintRule } from "../rule.js";

/**
 * DP-LINT-MISSING-DATA-TYPE: an annotated data field names the inventory row
 * ("Type of data") it belongs to, so the published inventory (M173) can group
 * it.
 */
export const missingDataType: LintRule = {
  id: "DP-LINT-MISSING-DATA-TYPE",
  severity: "warning",
  mechanisms: ["M173"],
  summary: "A data field's annotation has no data_type (inventory row).",
  checkField({ field, policy, needsAnnotation }, report) {
    if (needsAnnotation && policy && policy.dataType.trim() === "") {
      report(field, 'no data_type: name the inventory row ("Type of data") this field belongs to');
    }
  },
};
