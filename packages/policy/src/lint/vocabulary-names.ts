import type { DescEnum } from "@bufbuild/protobuf";
import {
  FlowSchema,
  HopSchema,
  IdentificationQualifierSchema,
  PurposeSchema,
  RetentionKindSchema,
  StorageAlgorithmSchema,
  StorageMeasureSchema,
  TierSchema,
  TransitMeasureSchema,
  type Flow,
  type Hop,
  type IdentificationQualifier,
  type Purpose,
  type RetentionKind,
  type StorageAlgorithm,
  type StorageMeasure,
  type Tier,
  type TransitMeasure,
} from "@datapact/proto";

// Findings name vocabulary values the way the schema author wrote them
// (RETENTION_KIND_NOT_STORED), so the message can be searched for in the file.
function nameIn(schema: DescEnum, value: number): string {
  return schema.values.find((v) => v.number === value)?.name ?? `${schema.name} ${value}`;
}

export const tierName = (v: Tier): string => nameIn(TierSchema, v);
export const hopName = (v: Hop): string => nameIn(HopSchema, v);
export const flowName = (v: Flow): string => nameIn(FlowSchema, v);
export const purposeName = (v: Purpose): string => nameIn(PurposeSchema, v);
export const qualifierName = (v: IdentificationQualifier): string => nameIn(IdentificationQualifierSchema, v);
export const storageMeasureName = (v: StorageMeasure): string => nameIn(StorageMeasureSchema, v);
export const storageAlgorithmName = (v: StorageAlgorithm): string => nameIn(StorageAlgorithmSchema, v);
export const retentionKindName = (v: RetentionKind): string => nameIn(RetentionKindSchema, v);
export const transitMeasureName = (v: TransitMeasure): string => nameIn(TransitMeasureSchema, v);

/**
 * How findings place a per-tier entry: `at TIER_CLOUD`, or `(tier-less
 * entry)` for the entry that covers every tier no other entry names.
 */
export const entryPlace = (tier: Tier): string => (tier === 0 ? "(tier-less entry)" : `at ${tierName(tier)}`);
