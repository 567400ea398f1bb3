import { StorageMeasure, type FieldPolicy, type Retention, type StorageProtection, type Tier } from "@datapact/proto";
import { retentionAt, storageAt } from "../annotations/read.js";
import { retentionKindName, storageMeasureName, tierName } from "./vocabulary-names.js";

function offending<T extends { tier: Tier }>(
  tiers: readonly Tier[],
  entryAt: (tier: Tier) => T | undefined,
  acceptable: (entry: T) => boolean,
  valueName: (entry: T) => string,
  missingIsOffending: boolean,
): string[] {
  const out: string[] = [];
  for (const tier of tiers) {
    const entry = entryAt(tier);
    if (!entry) {
      if (missingIsOffending) out.push(`${tierName(tier)} (none declared)`);
    } else if (!acceptable(entry)) {
      out.push(`${tierName(tier)} (${valueName(entry)}${entry.tier === 0 ? " via the tier-less entry" : ""})`);
    }
  }
  return out;
}

/**
 * The tiers among `tiers` whose storage entry (its own, else the tier-less
 * one) is not `acceptable`, as `TIER_X (STORAGE_MEASURE_Y)` for findings.
 * With `missingIsOffending`, a tier no entry covers is listed too.
 */
export function storageOffending(
  policy: FieldPolicy,
  tiers: readonly Tier[],
  acceptable: (entry: StorageProtection) => boolean,
  missingIsOffending: boolean,
): string[] {
  return offending(tiers, (t) => storageAt(policy, t), acceptable, (e) => storageMeasureName(e.measure), missingIsOffending);
}

/** Like {@link storageOffending}, for retention entries. */
export function retentionOffending(
  policy: FieldPolicy,
  tiers: readonly Tier[],
  acceptable: (entry: Retention) => boolean,
  missingIsOffending: boolean,
): string[] {
  return offending(tiers, (t) => retentionAt(policy, t), acceptable, (e) => retentionKindName(e.kind), missingIsOffending);
}

/** Whether a storage entry keeps nothing. */
export const storesNothing = (entry: StorageProtection): boolean => entry.measure === StorageMeasure.NOT_STORED;
