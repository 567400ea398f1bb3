import { RetentionKind, StorageMeasure } from "@datapact/proto";
import { retentionAt, storageAt } from "../../annotations/read.js";
import { allTiers } from "../flow-reach.js";
import type { LintRule } from "../rule.js";
import { retentionKindName, storageMeasureName, tierName } from "../vocabulary-names.js";

// Retention kinds under which no copy of ours outlives the request.
const keepsNothing = new Set<RetentionKind>([RetentionKind.NOT_STORED, RetentionKind.TRANSIENT, RetentionKind.THIRD_PARTY]);

/**
 * DP-LINT-STORAGE-RETENTION-MISMATCH: at each tier where both are declared,
 * storage STORAGE_MEASURE_NOT_STORED goes with a retention that keeps nothing
 * (NOT_STORED, TRANSIENT, THIRD_PARTY), and retention RETENTION_KIND_NOT_STORED
 * goes with storage NOT_STORED. The seed's band card number ("Cloud: Not
 * stored" yet "App&cloud: Per user request") is such a contradiction (M073,
 * M126).
 */
export const storageRetentionMismatch: LintRule = {
  id: "DP-LINT-STORAGE-RETENTION-MISMATCH",
  severity: "error",
  mechanisms: ["M073", "M126"],
  summary: "Storage and retention disagree about whether a tier keeps the value.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    for (const tier of allTiers) {
      const storage = storageAt(policy, tier);
      const retention = retentionAt(policy, tier);
      // Unset values are DP-LINT-UNSPECIFIED-VALUE's finding, not a contradiction.
      if (!storage || !retention || storage.measure === StorageMeasure.UNSPECIFIED || retention.kind === RetentionKind.UNSPECIFIED) continue;
      const notStored = storage.measure === StorageMeasure.NOT_STORED;
      if (notStored && !keepsNothing.has(retention.kind)) {
        report(field, `at ${tierName(tier)} storage is STORAGE_MEASURE_NOT_STORED but retention is ${retentionKindName(retention.kind)}`);
      } else if (!notStored && retention.kind === RetentionKind.NOT_STORED) {
        report(field, `at ${tierName(tier)} retention is RETENTION_KIND_NOT_STORED but storage is ${storageMeasureName(storage.measure)}`);
      }
    }
  },
};
