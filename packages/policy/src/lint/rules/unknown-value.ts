import { reflect } from "@bufbuild/protobuf/reflect";
import { FieldPolicySchema, MessagePolicySchema } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { unknownEnumValues } from "../unknown-enum-values.js";

/**
 * DP-LINT-UNKNOWN-VALUE: every vocabulary value in an annotation is one the
 * vocabulary defines; purposes, categories and measures come from a closed
 * set (M091), and the SDKs cannot enforce a number they do not know.
 */
export const unknownValue: LintRule = {
  id: "DP-LINT-UNKNOWN-VALUE",
  severity: "error",
  mechanisms: ["M091"],
  summary: "An annotation uses an enum number the vocabulary does not define.",
  checkMessage({ message, record }, report) {
    if (!record) return;
    const unknown = unknownEnumValues(reflect(MessagePolicySchema, record));
    if (unknown.length > 0) report(message, `(datapact.privacy.v1.record) uses values the vocabulary does not define: ${unknown.join(", ")}`);
  },
  checkField({ field, policy }, report) {
    if (!policy) return;
    const unknown = unknownEnumValues(reflect(FieldPolicySchema, policy));
    if (unknown.length > 0) report(field, `(datapact.privacy.v1.data) uses values the vocabulary does not define: ${unknown.join(", ")}`);
  },
};
