import { DataCategory, IdentificationQualifier } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { purposeName, qualifierName } from "../vocabulary-names.js";

const notIdentifying = new Set<IdentificationQualifier>([IdentificationQualifier.ANONYMIZED, IdentificationQualifier.AGGREGATED]);

/**
 * DP-LINT-IDENTIFIERS-NOT-IDENTIFYING: an identifier (account id, MAC, SN,
 * IMEI, GAID) names a person or a device, so it is never ANONYMIZED or
 * AGGREGATED, neither itself nor in a `uses` entry; even a hashed identifier
 * stays identified (M083, M085, M086, M087).
 */
export const identifiersNotIdentifying: LintRule = {
  id: "DP-LINT-IDENTIFIERS-NOT-IDENTIFYING",
  severity: "error",
  mechanisms: ["M083", "M085", "M086", "M087"],
  summary: "An identifier is declared anonymized or aggregated.",
  checkField({ field, policy }, report) {
    if (!policy || policy.category !== DataCategory.IDENTIFIERS) return;
    if (notIdentifying.has(policy.qualifier)) {
      report(field, `DATA_CATEGORY_IDENTIFIERS with qualifier ${qualifierName(policy.qualifier)}: an identifier identifies; use IDENTIFIED or PSEUDONYMIZED`);
    }
    for (const use of policy.uses) {
      if (notIdentifying.has(use.qualifier)) {
        report(field, `DATA_CATEGORY_IDENTIFIERS with uses entry for ${purposeName(use.purpose)} qualified ${qualifierName(use.qualifier)}: an identifier identifies`);
      }
    }
  },
};
