import { flowOf } from "../../annotations/read.js";
import { hopsWithin } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { hopName } from "../vocabulary-names.js";

/**
 * DP-LINT-HOP-UNPROTECTED: when a message names the hops it crosses, each of
 * its data fields says how it is protected on every one of those hops its
 * flow lets it cross (BLE link, TLS, ...; or TRANSIT_MEASURE_NOT_TRANSMITTED
 * when the SDK strips it). No personal data crosses a hop unprotected (M097,
 * M099, M104, M106).
 */
export const hopUnprotected: LintRule = {
  id: "DP-LINT-HOP-UNPROTECTED",
  severity: "warning",
  mechanisms: ["M097", "M099", "M104", "M106"],
  summary: "A field may cross a hop its message names but declares no transit protection for it.",
  checkField({ field, record, policy, needsAnnotation }, report) {
    if (!record || !policy || !needsAnnotation) return;
    const reachable = hopsWithin(flowOf(policy));
    const missing = [...new Set(record.hops)].filter((h) => h !== 0 && reachable.includes(h) && !policy.transit.some((t) => t.hop === h));
    if (missing.length > 0) {
      report(field, `the message crosses ${missing.map(hopName).join(", ")} but the field declares no transit protection there: add a transit entry`);
    }
  },
};
