import type { LintRule } from "../rule.js";

/**
 * DP-LINT-DECISION-FORMAT: `decision` names a decision record by its
 * four-digit number ("0004" for docs/decisions/0004-*.md), so a reviewer can
 * find why an annotation departs from its seed (M173: the inventory is the
 * published data use statement).
 */
export const decisionFormat: LintRule = {
  id: "DP-LINT-DECISION-FORMAT",
  severity: "warning",
  mechanisms: ["M173"],
  summary: "decision is not a four-digit decision record number.",
  checkField({ field, policy }, report) {
    if (!policy || policy.decision === "" || /^\d{4}$/.test(policy.decision)) return;
    report(field, 'decision is not a four-digit decision record number (e.g. "0004" for docs/decisions/0004-*.md)');
  },
};
