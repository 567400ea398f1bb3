import { StorageAlgorithm, StorageMeasure } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { entryPlace, storageAlgorithmName, storageMeasureName } from "../vocabulary-names.js";

const hashes = new Set<StorageAlgorithm>([StorageAlgorithm.MD5, StorageAlgorithm.SHA1, StorageAlgorithm.SALTED_PEPPERED_HASH]);

/** The measure an algorithm implements. */
function measureFor(algorithm: StorageAlgorithm): StorageMeasure {
  return hashes.has(algorithm) ? StorageMeasure.HASHED : StorageMeasure.FIELD_ENCRYPTED;
}

/**
 * DP-LINT-ALGORITHM-MEASURE-MISMATCH: a storage algorithm documents the
 * measure it sits beside: AES variants go with STORAGE_MEASURE_FIELD_ENCRYPTED,
 * MD5/SHA-1/salted hashes with STORAGE_MEASURE_HASHED, and PLAIN, MASKED or
 * NOT_STORED have no algorithm. Policy reads the measure, so a mismatch means
 * the schema claims a protection it does not enforce (M110-M116).
 */
export const algorithmMeasureMismatch: LintRule = {
  id: "DP-LINT-ALGORITHM-MEASURE-MISMATCH",
  severity: "error",
  mechanisms: ["M110", "M111", "M112", "M113", "M114", "M115", "M116"],
  summary: "A storage entry's algorithm does not fit its measure.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    for (const entry of policy.storage) {
      if (entry.algorithm === StorageAlgorithm.UNSPECIFIED || entry.measure === StorageMeasure.UNSPECIFIED) continue;
      const expected = measureFor(entry.algorithm);
      if (entry.measure !== expected) {
        report(
          field,
          `storage ${entryPlace(entry.tier)} is ${storageMeasureName(entry.measure)} with algorithm ${storageAlgorithmName(entry.algorithm)}, which is a ${storageMeasureName(expected)} algorithm`,
        );
      }
    }
  },
};
