import type { Invariant } from "../runner/invariant.js";
import { analyticsOptIn } from "./analytics-opt-in.js";
import { badInputChangesNothing } from "./bad-input-changes-nothing.js";
import { displayOnlyNeverStored } from "./display-only-never-stored.js";
import { encryptedAtRest } from "./encrypted-at-rest.js";
import { functionsOffByDefault } from "./functions-off-by-default.js";
import { newPurposeNeedsConsent } from "./new-purpose-needs-consent.js";
import { noPersonalDataInLogs } from "./no-personal-data-in-logs.js";
import { statementWithinSchema } from "./statement-within-schema.js";
import { thirdPartyDirectRefused } from "./third-party-direct-refused.js";
import { deleteReachesEveryCopy } from "./delete-reaches-every-copy.js";
import { exportComplete } from "./export-complete.js";
import { retentionLimitsHold } from "./retention-limits-hold.js";
import { pairwiseIdentifiers } from "./pairwise-identifiers.js";
import { residency } from "./residency.js";
import { sharingLimited } from "./sharing-limited.js";
import { withdrawConsent } from "./withdraw-consent.js";

export {
  analyticsOptIn,
  badInputChangesNothing,
  displayOnlyNeverStored,
  encryptedAtRest,
  functionsOffByDefault,
  newPurposeNeedsConsent,
  noPersonalDataInLogs,
  statementWithinSchema,
  thirdPartyDirectRefused,
};

/**
 * Every invariant `datapact certify` checks, in report order. One module per
 * invariant lives beside this file (`<id-in-kebab-case>.ts`, its statement
 * and seed source in TSDoc) and is listed here.
 */
export const allInvariants: readonly Invariant[] = [
  displayOnlyNeverStored,
  thirdPartyDirectRefused,
  statementWithinSchema,
  analyticsOptIn,
  functionsOffByDefault,
  newPurposeNeedsConsent,
  encryptedAtRest,
  noPersonalDataInLogs,
  badInputChangesNothing,
  retentionLimitsHold,
  exportComplete,
  deleteReachesEveryCopy,
  withdrawConsent,
  sharingLimited,
  pairwiseIdentifiers,
  residency,
];
