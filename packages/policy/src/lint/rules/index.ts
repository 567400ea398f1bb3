import type { LintRule } from "../rule.js";
import { missingAnnotation } from "./missing-annotation.js";
import { missingCategory } from "./missing-category.js";
import { missingQualifier } from "./missing-qualifier.js";
import { missingPurpose } from "./missing-purpose.js";
import { missingDataType } from "./missing-data-type.js";
import { missingProduct } from "./missing-product.js";
import { displayOnlyStored } from "./display-only-stored.js";
import { displayOnlyRetained } from "./display-only-retained.js";
import { displayOnlyCloudHop } from "./display-only-cloud-hop.js";
import { thirdPartyDirectTransit } from "./third-party-direct-transit.js";
import { thirdPartyDirectStored } from "./third-party-direct-stored.js";
import { thirdPartyDirectRetained } from "./third-party-direct-retained.js";
import { thirdPartyRetentionWithoutThirdParty } from "./third-party-retention-without-third-party.js";
import { flowExceeded } from "./flow-exceeded.js";
import { storageRetentionMismatch } from "./storage-retention-mismatch.js";
import { fixedPeriodWithoutDays } from "./fixed-period-without-days.js";
import { daysWithoutFixedPeriod } from "./days-without-fixed-period.js";
import { uninstallOutsideApp } from "./uninstall-outside-app.js";
import { identifiedUseUndeclared } from "./identified-use-undeclared.js";
import { usePurposeUndeclared } from "./use-purpose-undeclared.js";
import { useIncomplete } from "./use-incomplete.js";
import { useReidentifies } from "./use-reidentifies.js";
import { duplicateUse } from "./duplicate-use.js";
import { duplicatePurpose } from "./duplicate-purpose.js";
import { duplicateTier } from "./duplicate-tier.js";
import { duplicateHop } from "./duplicate-hop.js";
import { identifiersNotIdentifying } from "./identifiers-not-identifying.js";
import { unspecifiedValue } from "./unspecified-value.js";
import { unknownValue } from "./unknown-value.js";
import { algorithmMeasureMismatch } from "./algorithm-measure-mismatch.js";
import { transitMeasureHopMismatch } from "./transit-measure-hop-mismatch.js";
import { hopUnprotected } from "./hop-unprotected.js";
import { uploadSwitchWithoutUpload } from "./upload-switch-without-upload.js";
import { controlAnnotated } from "./control-annotated.js";
import { functionDefaultDisagrees } from "./function-default-disagrees.js";
import { offByDefaultWithoutFunction } from "./off-by-default-without-function.js";
import { decisionFormat } from "./decision-format.js";

/** Every lint rule, in the order `datapact lint --help` and the docs list them. */
export const allLintRules: readonly LintRule[] = [
  missingAnnotation,
  missingCategory,
  missingQualifier,
  missingPurpose,
  missingDataType,
  missingProduct,
  displayOnlyStored,
  displayOnlyRetained,
  displayOnlyCloudHop,
  thirdPartyDirectTransit,
  thirdPartyDirectStored,
  thirdPartyDirectRetained,
  thirdPartyRetentionWithoutThirdParty,
  flowExceeded,
  storageRetentionMismatch,
  fixedPeriodWithoutDays,
  daysWithoutFixedPeriod,
  uninstallOutsideApp,
  identifiedUseUndeclared,
  usePurposeUndeclared,
  useIncomplete,
  useReidentifies,
  duplicateUse,
  duplicatePurpose,
  duplicateTier,
  duplicateHop,
  identifiersNotIdentifying,
  unspecifiedValue,
  unknownValue,
  algorithmMeasureMismatch,
  transitMeasureHopMismatch,
  hopUnprotected,
  uploadSwitchWithoutUpload,
  controlAnnotated,
  functionDefaultDisagrees,
  offByDefaultWithoutFunction,
  decisionFormat,
];
