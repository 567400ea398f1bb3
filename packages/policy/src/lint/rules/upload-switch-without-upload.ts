import { Flow } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import type { LintRule } from "../rule.js";
import { flowName } from "../vocabulary-names.js";

/**
 * DP-LINT-UPLOAD-SWITCH-WITHOUT-UPLOAD: an `upload_switch` keeps a value on the
 * phone when off ("do not upload workout traces": M023-M025); it only means
 * something for a value that may reach the cloud (FLOW_CLOUD).
 */
export const uploadSwitchWithoutUpload: LintRule = {
  id: "DP-LINT-UPLOAD-SWITCH-WITHOUT-UPLOAD",
  severity: "warning",
  mechanisms: ["M023", "M024", "M025"],
  summary: "upload_switch on a field that never reaches the cloud.",
  checkField({ field, policy }, report) {
    if (!policy || policy.uploadSwitch === "") return;
    const flow = flowOf(policy);
    if (flow !== Flow.CLOUD) {
      report(field, `upload_switch "${policy.uploadSwitch}" on ${flowName(flow)} data, which is never uploaded: drop the switch or fix the flow`);
    }
  },
};
