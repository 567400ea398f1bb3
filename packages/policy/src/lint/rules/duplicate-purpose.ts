import { repeatedValues } from "../repeated-values.js";
import type { LintRule } from "../rule.js";
import { purposeName } from "../vocabulary-names.js";

/**
 * DP-LINT-DUPLICATE-PURPOSE: `purposes` lists each purpose once; purposes are
 * a set drawn from a closed vocabulary (M091).
 */
export const duplicatePurpose: LintRule = {
  id: "DP-LINT-DUPLICATE-PURPOSE",
  severity: "error",
  mechanisms: ["M091"],
  summary: "purposes lists the same purpose twice.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const twice = repeatedValues(policy.purposes);
    if (twice.length > 0) report(field, `purposes lists ${twice.map(purposeName).join(", ")} more than once`);
  },
};
