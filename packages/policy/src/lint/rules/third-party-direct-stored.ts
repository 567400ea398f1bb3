import { Flow } from "@datapact/proto";
import { flowOf } from "../../annotations/read.js";
import { allTiers } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { storageOffending, storesNothing } from "../tier-entries.js";

/**
 * DP-LINT-THIRD-PARTY-DIRECT-STORED: a FLOW_THIRD_PARTY_DIRECT value is
 * STORAGE_MEASURE_NOT_STORED on every tier; the SDK holds no copy (M072,
 * M075, M127).
 */
export const thirdPartyDirectStored: LintRule = {
  id: "DP-LINT-THIRD-PARTY-DIRECT-STORED",
  severity: "error",
  mechanisms: ["M072", "M075", "M127"],
  summary: "A third-party-direct field declares storage other than STORAGE_MEASURE_NOT_STORED.",
  checkField({ field, policy }, report) {
    if (!policy || flowOf(policy) !== Flow.THIRD_PARTY_DIRECT) return;
    const bad = storageOffending(policy, allTiers, storesNothing, true);
    if (bad.length > 0) {
      report(field, `FLOW_THIRD_PARTY_DIRECT but storage is not STORAGE_MEASURE_NOT_STORED at ${bad.join(", ")}: we hold no copy of third-party-direct data`);
    }
  },
};
