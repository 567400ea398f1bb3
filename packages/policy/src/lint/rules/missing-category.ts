import { DataCategory } from "@datapact/proto";
import type { LintRule } from "../rule.js";

/**
 * DP-LINT-MISSING-CATEGORY: an annotated data field names its data category,
 * the inventory's "Type" column (M173).
 */
export const missingCategory: LintRule = {
  id: "DP-LINT-MISSING-CATEGORY",
  severity: "error",
  mechanisms: ["M173"],
  summary: "A data field's annotation has no category.",
  checkField({ field, policy, needsAnnotation }, report) {
    if (needsAnnotation && policy && policy.category === DataCategory.UNSPECIFIED) {
      report(field, "no category: set category to a DATA_CATEGORY_* value");
    }
  },
};
