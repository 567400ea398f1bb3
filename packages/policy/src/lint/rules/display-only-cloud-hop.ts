import { Flow, Hop } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { crosses } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { hopName, transitMeasureName } from "../vocabulary-names.js";

/**
 * DP-LINT-DISPLAY-ONLY-CLOUD-HOP: a FLOW_DISPLAY_ONLY value crosses at most
 * the device<->app hop; a transit entry on HOP_APP_CLOUD or HOP_DEVICE_CLOUD
 * (other than TRANSIT_MEASURE_NOT_TRANSMITTED) says it goes to the cloud
 * (M036, M037, M039).
 */
export const displayOnlyCloudHop: LintRule = {
  id: "DP-LINT-DISPLAY-ONLY-CLOUD-HOP",
  severity: "error",
  mechanisms: ["M036", "M037", "M039"],
  summary: "A display-only field declares transit on a cloud hop.",
  checkField({ field, policy }, report) {
    if (!policy || flowOf(policy) !== Flow.DISPLAY_ONLY) return;
    const bad = policy.transit.filter((t) => (t.hop === Hop.APP_CLOUD || t.hop === Hop.DEVICE_CLOUD) && crosses(t));
    if (bad.length > 0) {
      const list = bad.map((t) => `${hopName(t.hop)} (${transitMeasureName(t.measure)})`).join(", ");
      report(field, `FLOW_DISPLAY_ONLY but declares transit on ${list}: a display-only value never reaches the cloud`);
    }
  },
};
