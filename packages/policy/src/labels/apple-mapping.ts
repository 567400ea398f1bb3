import { DataCategory, Purpose } from "@datapact/proto";
import { AppleDataType, ApplePurpose } from "./apple-vocabulary.js";

/**
 * The pact's vocabulary in Apple's. Our categories are coarser than Apple's
 * data types, so a category gives a default type and the field's data type
 * label may refine it: the first refinement of the field's category whose
 * pattern matches the label wins.
 */

/** Apple's purpose for each of ours. Our advertising is the developer's own. */
export const applePurposeByPurpose: Readonly<Record<Purpose, ApplePurpose | undefined>> = {
  [Purpose.UNSPECIFIED]: undefined,
  [Purpose.FUNCTIONALITY]: ApplePurpose.AppFunctionality,
  [Purpose.ANALYTICS]: ApplePurpose.Analytics,
  [Purpose.PERSONALIZATION]: ApplePurpose.ProductPersonalization,
  [Purpose.ADVERTISING]: ApplePurpose.DeveloperAdvertising,
};

/** Apple's data type for a category when no refinement matches. */
export const appleDataTypeByCategory: Readonly<Record<DataCategory, AppleDataType>> = {
  [DataCategory.UNSPECIFIED]: AppleDataType.OtherDataTypes,
  [DataCategory.IDENTIFIERS]: AppleDataType.DeviceID,
  [DataCategory.CONTACT_INFO]: AppleDataType.OtherUserContactInfo,
  [DataCategory.FINANCIAL_INFO]: AppleDataType.OtherFinancialInfo,
  // The seeds' "Sensitive information" is body and health data: Apple's
  // Health, not Apple's "Sensitive Info".
  [DataCategory.HEALTH_AND_FITNESS]: AppleDataType.Health,
  [DataCategory.LOCATION]: AppleDataType.CoarseLocation,
  [DataCategory.USER_CONTENT]: AppleDataType.OtherUserContent,
  [DataCategory.USAGE_DATA]: AppleDataType.OtherUsageData,
  [DataCategory.DIAGNOSTICS]: AppleDataType.OtherDiagnosticData,
  [DataCategory.PURCHASES]: AppleDataType.PurchaseHistory,
  [DataCategory.CONTACTS]: AppleDataType.Contacts,
  [DataCategory.BROWSING_HISTORY]: AppleDataType.BrowsingHistory,
  [DataCategory.SEARCH_HISTORY]: AppleDataType.SearchHistory,
  [DataCategory.OTHER]: AppleDataType.OtherDataTypes,
};

/** A finer Apple type for fields of `category` whose data type label matches `pattern`. */
export interface AppleRefinement {
  readonly category: DataCategory;
  readonly pattern: RegExp;
  readonly dataType: AppleDataType;
}

export const appleRefinements: readonly AppleRefinement[] = [
  {
    category: DataCategory.IDENTIFIERS,
    pattern: /account|user ?id|facebook id|user name|credential|login|token/i,
    dataType: AppleDataType.UserID,
  },
  { category: DataCategory.CONTACT_INFO, pattern: /e-?mail/i, dataType: AppleDataType.EmailAddress },
  { category: DataCategory.CONTACT_INFO, pattern: /phone number/i, dataType: AppleDataType.PhoneNumber },
  { category: DataCategory.CONTACT_INFO, pattern: /\bname\b/i, dataType: AppleDataType.Name },
  { category: DataCategory.CONTACT_INFO, pattern: /address|city|district/i, dataType: AppleDataType.PhysicalAddress },
  { category: DataCategory.CONTACT_INFO, pattern: /device id/i, dataType: AppleDataType.DeviceID },
  { category: DataCategory.FINANCIAL_INFO, pattern: /card|cvv|validity/i, dataType: AppleDataType.PaymentInfo },
  { category: DataCategory.FINANCIAL_INFO, pattern: /transaction|purchase/i, dataType: AppleDataType.PurchaseHistory },
  {
    category: DataCategory.HEALTH_AND_FITNESS,
    pattern: /exercise|workout|step|sport|fitness|calorie|swim|stride/i,
    dataType: AppleDataType.Fitness,
  },
  { category: DataCategory.LOCATION, pattern: /precise|gps|trace|track/i, dataType: AppleDataType.PreciseLocation },
  { category: DataCategory.LOCATION, pattern: /photo|video/i, dataType: AppleDataType.PhotosOrVideos },
  { category: DataCategory.USER_CONTENT, pattern: /photo|video|screenshot/i, dataType: AppleDataType.PhotosOrVideos },
  { category: DataCategory.USER_CONTENT, pattern: /audio|voice|sound/i, dataType: AppleDataType.AudioData },
  { category: DataCategory.USER_CONTENT, pattern: /feedback|support|issue/i, dataType: AppleDataType.CustomerSupport },
  { category: DataCategory.USER_CONTENT, pattern: /message|sms|e-?mail/i, dataType: AppleDataType.EmailsOrTextMessages },
  { category: DataCategory.USAGE_DATA, pattern: /product interaction/i, dataType: AppleDataType.ProductInteraction },
  { category: DataCategory.USAGE_DATA, pattern: /advertis/i, dataType: AppleDataType.AdvertisingData },
  { category: DataCategory.DIAGNOSTICS, pattern: /crash/i, dataType: AppleDataType.CrashData },
  { category: DataCategory.DIAGNOSTICS, pattern: /performance/i, dataType: AppleDataType.PerformanceData },
  { category: DataCategory.OTHER, pattern: /exercise|workout|number of steps?/i, dataType: AppleDataType.Fitness },
  { category: DataCategory.OTHER, pattern: /feedback/i, dataType: AppleDataType.CustomerSupport },
  { category: DataCategory.OTHER, pattern: /avatar|profile photo/i, dataType: AppleDataType.PhotosOrVideos },
];

/** Apple's data type for a field. */
export function appleDataTypeOf(category: DataCategory, dataType: string): AppleDataType {
  const refined = appleRefinements.find((r) => r.category === category && r.pattern.test(dataType));
  return refined?.dataType ?? appleDataTypeByCategory[category] ?? AppleDataType.OtherDataTypes;
}
