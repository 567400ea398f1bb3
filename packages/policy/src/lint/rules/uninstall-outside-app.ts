import { RetentionKind, Tier } from "@datapact/proto";
import { retentionAt } from "../../annotations/read.js";
import type { LintRule } from "../rule.js";
import { tierName } from "../vocabulary-names.js";

/**
 * DP-LINT-UNINSTALL-OUTSIDE-APP: RETENTION_KIND_UNTIL_UNINSTALL ends with the
 * companion app, so it applies at TIER_APP only (login cookies: M125). A
 * tier-less UNTIL_UNINSTALL entry also covers the device and the cloud, where
 * uninstalling the app deletes nothing.
 */
export const uninstallOutsideApp: LintRule = {
  id: "DP-LINT-UNINSTALL-OUTSIDE-APP",
  severity: "error",
  mechanisms: ["M125"],
  summary: "RETENTION_KIND_UNTIL_UNINSTALL applies at a tier other than TIER_APP.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    const bad = [Tier.DEVICE, Tier.CLOUD].filter((t) => retentionAt(policy, t)?.kind === RetentionKind.UNTIL_UNINSTALL);
    if (bad.length > 0) {
      report(field, `retention at ${bad.map(tierName).join(", ")} is RETENTION_KIND_UNTIL_UNINSTALL, which only ends app-tier copies: give those tiers their own retention`);
    }
  },
};
