import type { LintRule } from "../rule.js";
import { purposeName } from "../vocabulary-names.js";

/**
 * DP-LINT-USE-PURPOSE-UNDECLARED: every `uses` entry is for a purpose the field
 * lists in `purposes`; every use must match a declared purpose (M091).
 */
export const usePurposeUndeclared: LintRule = {
  id: "DP-LINT-USE-PURPOSE-UNDECLARED",
  severity: "error",
  mechanisms: ["M091"],
  summary: "A uses entry names a purpose the field does not declare.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const undeclared = [...new Set(policy.uses.map((u) => u.purpose))].filter((p) => p !== 0 && !policy.purposes.includes(p));
    if (undeclared.length > 0) {
      report(field, `uses entry for ${undeclared.map(purposeName).join(", ")}, which purposes does not list: declare the purpose or drop the use`);
    }
  },
};
