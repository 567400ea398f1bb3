import { Flow } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { crosses } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { hopName, transitMeasureName } from "../vocabulary-names.js";

/**
 * DP-LINT-THIRD-PARTY-DIRECT-TRANSIT: a FLOW_THIRD_PARTY_DIRECT value (card
 * number, CVV, collected by the bank's SDK) crosses none of our hops: the app
 * and the cloud never touch it (M072, M075, M090).
 */
export const thirdPartyDirectTransit: LintRule = {
  id: "DP-LINT-THIRD-PARTY-DIRECT-TRANSIT",
  severity: "error",
  mechanisms: ["M072", "M075", "M090"],
  summary: "A third-party-direct field declares transit on one of our hops.",
  checkField({ field, policy }, report) {
    if (!policy || flowOf(policy) !== Flow.THIRD_PARTY_DIRECT) return;
    const bad = policy.transit.filter(crosses);
    if (bad.length > 0) {
      const list = bad.map((t) => `${hopName(t.hop)} (${transitMeasureName(t.measure)})`).join(", ");
      report(field, `FLOW_THIRD_PARTY_DIRECT but declares transit on ${list}: the third party collects it directly, it crosses none of our hops`);
    }
  },
};
