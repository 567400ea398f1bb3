/**
 * Store privacy labels from the schemas: Apple's privacy manifest
 * (NSPrivacyCollectedDataTypes) and Google Play's Data safety form. The
 * mappings are tables keyed by the pact's enums; a human still reviews the
 * answers before submitting them, since the stores ask about more than the
 * schemas say (third-party SDKs, sharing agreements).
 */
export { applePrivacyLabel, type ApplePrivacyLabel } from "./apple-privacy-label.js";
export {
  AppleDataType,
  ApplePurpose,
  type AppleCollectedDataType,
} from "./apple-vocabulary.js";
export { appleDataTypeByCategory, applePurposeByPurpose, appleRefinements, appleDataTypeOf } from "./apple-mapping.js";
export {
  googleDataSafetyLabel,
  type GoogleDataSafetyEntry,
  type GoogleDataSafetyLabel,
} from "./google-data-safety-label.js";
export { GoogleDataTypes, GooglePurpose, type GoogleCategory, type GoogleDataType } from "./google-vocabulary.js";
export {
  googleDataTypeByCategory,
  googlePurposeByPurpose,
  googleRefinements,
  googleDataTypeOf,
} from "./google-mapping.js";
export {
  isCollected,
  isDeletableOnRequest,
  isEncryptedInTransit,
  isEphemeral,
  isLinkedToUser,
  isOptional,
  isTracking,
  qualifierFor,
} from "./field-collection.js";
