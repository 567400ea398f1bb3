import { Flow } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { allTiers } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { storageOffending, storesNothing } from "../tier-entries.js";

/**
 * DP-LINT-DISPLAY-ONLY-STORED: a FLOW_DISPLAY_ONLY value (notification text,
 * caller, song name) is STORAGE_MEASURE_NOT_STORED on every tier: it reaches
 * the device screen and is never written anywhere (M036, M037, M038, M039).
 */
export const displayOnlyStored: LintRule = {
  id: "DP-LINT-DISPLAY-ONLY-STORED",
  severity: "error",
  mechanisms: ["M036", "M037", "M038", "M039"],
  summary: "A display-only field declares storage other than STORAGE_MEASURE_NOT_STORED at some tier.",
  checkField({ field, policy }, report) {
    if (!policy || flowOf(policy) !== Flow.DISPLAY_ONLY) return;
    const bad = storageOffending(policy, allTiers, storesNothing, true);
    if (bad.length > 0) {
      report(field, `FLOW_DISPLAY_ONLY but storage is not STORAGE_MEASURE_NOT_STORED at ${bad.join(", ")}: a display-only value is never written at any tier`);
    }
  },
};
