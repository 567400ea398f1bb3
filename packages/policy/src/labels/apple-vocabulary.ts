/**
 * Apple's privacy-manifest vocabulary (PrivacyInfo.xcprivacy,
 * NSPrivacyCollectedDataTypes), spelled exactly as Apple's "Describing data
 * use in privacy manifests" lists it — including the lower-case "or" of
 * `NSPrivacyCollectedDataTypePhotosorVideos`.
 */

/** Values of `NSPrivacyCollectedDataType`, by Apple's category. */
export const AppleDataType = {
  // Contact Info
  Name: "NSPrivacyCollectedDataTypeName",
  EmailAddress: "NSPrivacyCollectedDataTypeEmailAddress",
  PhoneNumber: "NSPrivacyCollectedDataTypePhoneNumber",
  PhysicalAddress: "NSPrivacyCollectedDataTypePhysicalAddress",
  OtherUserContactInfo: "NSPrivacyCollectedDataTypeOtherUserContactInfo",
  // Health & Fitness
  Health: "NSPrivacyCollectedDataTypeHealth",
  Fitness: "NSPrivacyCollectedDataTypeFitness",
  // Financial Info
  PaymentInfo: "NSPrivacyCollectedDataTypePaymentInfo",
  CreditInfo: "NSPrivacyCollectedDataTypeCreditInfo",
  OtherFinancialInfo: "NSPrivacyCollectedDataTypeOtherFinancialInfo",
  // Location
  PreciseLocation: "NSPrivacyCollectedDataTypePreciseLocation",
  CoarseLocation: "NSPrivacyCollectedDataTypeCoarseLocation",
  // Sensitive Info (racial or ethnic data, sexual orientation, religious or
  // political beliefs, biometric data…; not the seeds' "Sensitive information",
  // which is health data)
  SensitiveInfo: "NSPrivacyCollectedDataTypeSensitiveInfo",
  // Contacts
  Contacts: "NSPrivacyCollectedDataTypeContacts",
  // User Content
  EmailsOrTextMessages: "NSPrivacyCollectedDataTypeEmailsOrTextMessages",
  PhotosOrVideos: "NSPrivacyCollectedDataTypePhotosorVideos",
  AudioData: "NSPrivacyCollectedDataTypeAudioData",
  GameplayContent: "NSPrivacyCollectedDataTypeGameplayContent",
  CustomerSupport: "NSPrivacyCollectedDataTypeCustomerSupport",
  OtherUserContent: "NSPrivacyCollectedDataTypeOtherUserContent",
  // Browsing History, Search History
  BrowsingHistory: "NSPrivacyCollectedDataTypeBrowsingHistory",
  SearchHistory: "NSPrivacyCollectedDataTypeSearchHistory",
  // Identifiers
  UserID: "NSPrivacyCollectedDataTypeUserID",
  DeviceID: "NSPrivacyCollectedDataTypeDeviceID",
  // Purchases
  PurchaseHistory: "NSPrivacyCollectedDataTypePurchaseHistory",
  // Usage Data
  ProductInteraction: "NSPrivacyCollectedDataTypeProductInteraction",
  AdvertisingData: "NSPrivacyCollectedDataTypeAdvertisingData",
  OtherUsageData: "NSPrivacyCollectedDataTypeOtherUsageData",
  // Diagnostics
  CrashData: "NSPrivacyCollectedDataTypeCrashData",
  PerformanceData: "NSPrivacyCollectedDataTypePerformanceData",
  OtherDiagnosticData: "NSPrivacyCollectedDataTypeOtherDiagnosticData",
  // Surroundings, Body
  EnvironmentScanning: "NSPrivacyCollectedDataTypeEnvironmentScanning",
  Hands: "NSPrivacyCollectedDataTypeHands",
  Head: "NSPrivacyCollectedDataTypeHead",
  // Other Data
  OtherDataTypes: "NSPrivacyCollectedDataTypeOtherDataTypes",
} as const;
export type AppleDataType = (typeof AppleDataType)[keyof typeof AppleDataType];

/** Values of `NSPrivacyCollectedDataTypePurposes`. */
export const ApplePurpose = {
  ThirdPartyAdvertising: "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
  DeveloperAdvertising: "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
  Analytics: "NSPrivacyCollectedDataTypePurposeAnalytics",
  ProductPersonalization: "NSPrivacyCollectedDataTypePurposeProductPersonalization",
  AppFunctionality: "NSPrivacyCollectedDataTypePurposeAppFunctionality",
  Other: "NSPrivacyCollectedDataTypePurposeOther",
} as const;
export type ApplePurpose = (typeof ApplePurpose)[keyof typeof ApplePurpose];

/** One dictionary of the manifest's `NSPrivacyCollectedDataTypes` array, with Apple's keys. */
export interface AppleCollectedDataType {
  readonly NSPrivacyCollectedDataType: AppleDataType;
  readonly NSPrivacyCollectedDataTypeLinked: boolean;
  readonly NSPrivacyCollectedDataTypeTracking: boolean;
  readonly NSPrivacyCollectedDataTypePurposes: readonly ApplePurpose[];
}
