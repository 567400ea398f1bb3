import { IdentificationQualifier } from "@datapact/proto";

const RANK: Readonly<Record<IdentificationQualifier, number>> = {
  [IdentificationQualifier.UNSPECIFIED]: 0,
  [IdentificationQualifier.AGGREGATED]: 1,
  [IdentificationQualifier.ANONYMIZED]: 2,
  [IdentificationQualifier.UNLINKED_PSEUDONYMIZED]: 3,
  [IdentificationQualifier.PSEUDONYMIZED]: 4,
  [IdentificationQualifier.IDENTIFIED]: 5,
};

/**
 * How identifying a qualifier is: higher links more strongly to a person
 * (ISO/IEC 19944-1 clause 8.3 orders them the same way). A record is as
 * identifying as its most identifying field.
 */
export function identifiability(q: IdentificationQualifier): number {
  return RANK[q] ?? 0;
}
