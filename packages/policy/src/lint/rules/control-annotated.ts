import { DataCategory, MessageRole } from "@datapact/proto";
import type { LintRule } from "../rule.js";

/**
 * DP-LINT-CONTROL-ANNOTATED: a MESSAGE_ROLE_CONTROL message says it carries no
 * personal data, so a field of it with a data category contradicts the role:
 * either the message carries data (make it a data message, and then every
 * field is annotated) or the annotation is stale. Data must be declared
 * before it is collected (M002, M096).
 */
export const controlAnnotated: LintRule = {
  id: "DP-LINT-CONTROL-ANNOTATED",
  severity: "warning",
  mechanisms: ["M002", "M096"],
  summary: "A field of a MESSAGE_ROLE_CONTROL message carries a data annotation with a category.",
  checkField({ field, role, policy }, report) {
    if (role === MessageRole.CONTROL && policy && policy.category !== DataCategory.UNSPECIFIED) {
      report(field, "MESSAGE_ROLE_CONTROL message, yet this field has a data category: a control message carries no personal data");
    }
  },
};
