import { IdentificationQualifier, Purpose } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { purposeName } from "../vocabulary-names.js";

/**
 * DP-LINT-IDENTIFIED-USE-UNDECLARED: identified data declared for analytics or
 * advertising has its own `uses` entry for that purpose, saying with which
 * qualifier and for how long that use keeps it (the seeds keep analytics
 * pseudonymized for 90 days and advertising data 180 days: M089, M121; a
 * GAID makes data identified: M085).
 */
export const identifiedUseUndeclared: LintRule = {
  id: "DP-LINT-IDENTIFIED-USE-UNDECLARED",
  severity: "error",
  mechanisms: ["M085", "M089", "M121"],
  summary: "Identified data declared for analytics or advertising has no uses entry for that purpose.",
  checkField({ field, policy }, report) {
    if (!policy || policy.qualifier !== IdentificationQualifier.IDENTIFIED) return;
    const missing = [Purpose.ANALYTICS, Purpose.ADVERTISING].filter(
      (p) => policy.purposes.includes(p) && !policy.uses.some((u) => u.purpose === p),
    );
    if (missing.length > 0) {
      const names = missing.map(purposeName).join(" and ");
      report(field, `identified data declared for ${names} has no uses entry for it: add uses {purpose: ${missing.map(purposeName).join("/")}, qualifier, retention}`);
    }
  },
};
