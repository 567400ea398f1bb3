import { DataCategory, Purpose } from "@datapact/proto";
import { GoogleDataTypes, GooglePurpose, type GoogleDataType } from "./google-vocabulary.js";

/**
 * The pact's vocabulary in Google Play's Data safety terms: a default data
 * type per category, refined by the field's data type label (first matching
 * refinement of the field's category wins), as for Apple.
 */

export const googlePurposeByPurpose: Readonly<Record<Purpose, GooglePurpose | undefined>> = {
  [Purpose.UNSPECIFIED]: undefined,
  [Purpose.FUNCTIONALITY]: GooglePurpose.AppFunctionality,
  [Purpose.ANALYTICS]: GooglePurpose.Analytics,
  [Purpose.PERSONALIZATION]: GooglePurpose.Personalization,
  [Purpose.ADVERTISING]: GooglePurpose.AdvertisingOrMarketing,
};

export const googleDataTypeByCategory: Readonly<Record<DataCategory, GoogleDataType>> = {
  [DataCategory.UNSPECIFIED]: GoogleDataTypes.OtherPersonalInfo,
  [DataCategory.IDENTIFIERS]: GoogleDataTypes.DeviceOrOtherIds,
  [DataCategory.CONTACT_INFO]: GoogleDataTypes.OtherPersonalInfo,
  [DataCategory.FINANCIAL_INFO]: GoogleDataTypes.OtherFinancialInfo,
  [DataCategory.HEALTH_AND_FITNESS]: GoogleDataTypes.HealthInfo,
  [DataCategory.LOCATION]: GoogleDataTypes.ApproximateLocation,
  [DataCategory.USER_CONTENT]: GoogleDataTypes.OtherUserGeneratedContent,
  [DataCategory.USAGE_DATA]: GoogleDataTypes.OtherActions,
  [DataCategory.DIAGNOSTICS]: GoogleDataTypes.OtherAppPerformanceData,
  [DataCategory.PURCHASES]: GoogleDataTypes.PurchaseHistory,
  [DataCategory.CONTACTS]: GoogleDataTypes.Contacts,
  [DataCategory.BROWSING_HISTORY]: GoogleDataTypes.WebBrowsingHistory,
  [DataCategory.SEARCH_HISTORY]: GoogleDataTypes.InAppSearchHistory,
  // Device settings, firmware and phone details are the bulk of the seeds'
  // "Other data"; profile details are refined to personal info below.
  [DataCategory.OTHER]: GoogleDataTypes.OtherAppPerformanceData,
};

export interface GoogleRefinement {
  readonly category: DataCategory;
  readonly pattern: RegExp;
  readonly dataType: GoogleDataType;
}

export const googleRefinements: readonly GoogleRefinement[] = [
  {
    category: DataCategory.IDENTIFIERS,
    pattern: /account|user ?id|facebook id|user name|credential|login|token/i,
    dataType: GoogleDataTypes.UserIds,
  },
  { category: DataCategory.CONTACT_INFO, pattern: /e-?mail/i, dataType: GoogleDataTypes.EmailAddress },
  { category: DataCategory.CONTACT_INFO, pattern: /phone number/i, dataType: GoogleDataTypes.PhoneNumber },
  { category: DataCategory.CONTACT_INFO, pattern: /\bname\b/i, dataType: GoogleDataTypes.Name },
  { category: DataCategory.CONTACT_INFO, pattern: /address|city|district/i, dataType: GoogleDataTypes.Address },
  { category: DataCategory.CONTACT_INFO, pattern: /device id/i, dataType: GoogleDataTypes.DeviceOrOtherIds },
  { category: DataCategory.FINANCIAL_INFO, pattern: /card|cvv|validity/i, dataType: GoogleDataTypes.UserPaymentInfo },
  { category: DataCategory.FINANCIAL_INFO, pattern: /transaction|purchase/i, dataType: GoogleDataTypes.PurchaseHistory },
  {
    category: DataCategory.HEALTH_AND_FITNESS,
    pattern: /exercise|workout|step|sport|fitness|calorie|swim|stride/i,
    dataType: GoogleDataTypes.FitnessInfo,
  },
  { category: DataCategory.LOCATION, pattern: /precise|gps|trace|track/i, dataType: GoogleDataTypes.PreciseLocation },
  { category: DataCategory.LOCATION, pattern: /photo/i, dataType: GoogleDataTypes.Photos },
  { category: DataCategory.USER_CONTENT, pattern: /video/i, dataType: GoogleDataTypes.Videos },
  { category: DataCategory.USER_CONTENT, pattern: /photo|screenshot/i, dataType: GoogleDataTypes.Photos },
  { category: DataCategory.USER_CONTENT, pattern: /audio|voice|sound/i, dataType: GoogleDataTypes.VoiceOrSoundRecordings },
  { category: DataCategory.USER_CONTENT, pattern: /sms|text message/i, dataType: GoogleDataTypes.SmsOrMms },
  { category: DataCategory.USER_CONTENT, pattern: /message|notification/i, dataType: GoogleDataTypes.OtherInAppMessages },
  { category: DataCategory.USAGE_DATA, pattern: /product interaction|click|browsing/i, dataType: GoogleDataTypes.AppInteractions },
  { category: DataCategory.DIAGNOSTICS, pattern: /crash/i, dataType: GoogleDataTypes.CrashLogs },
  { category: DataCategory.DIAGNOSTICS, pattern: /performance/i, dataType: GoogleDataTypes.Diagnostics },
  { category: DataCategory.OTHER, pattern: /exercise|workout|number of steps?/i, dataType: GoogleDataTypes.FitnessInfo },
  { category: DataCategory.OTHER, pattern: /avatar|profile photo/i, dataType: GoogleDataTypes.Photos },
  { category: DataCategory.OTHER, pattern: /installed (phone )?applications|installed apps/i, dataType: GoogleDataTypes.InstalledApps },
  { category: DataCategory.OTHER, pattern: /feedback/i, dataType: GoogleDataTypes.OtherUserGeneratedContent },
  {
    category: DataCategory.OTHER,
    pattern: /gender|birth|nickname|height|weight|friends|password|credential/i,
    dataType: GoogleDataTypes.OtherPersonalInfo,
  },
];

/** Google's data type for a field. */
export function googleDataTypeOf(category: DataCategory, dataType: string): GoogleDataType {
  const refined = googleRefinements.find((r) => r.category === category && r.pattern.test(dataType));
  return refined?.dataType ?? googleDataTypeByCategory[category] ?? GoogleDataTypes.OtherPersonalInfo;
}
