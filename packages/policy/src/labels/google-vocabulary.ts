/**
 * Google Play's Data safety form vocabulary: data types under their
 * categories and the purposes, as the Play Console's form and Google's
 * "Provide information for Google Play's Data safety section" name them.
 */

/** A data type of the form, with the category the form files it under. */
export interface GoogleDataType {
  readonly category: GoogleCategory;
  readonly dataType: string;
}

export type GoogleCategory =
  | "Location"
  | "Personal info"
  | "Financial info"
  | "Health and fitness"
  | "Messages"
  | "Photos and videos"
  | "Audio files"
  | "Files and docs"
  | "Calendar"
  | "Contacts"
  | "App activity"
  | "Web browsing"
  | "App info and performance"
  | "Device or other IDs";

function type(category: GoogleCategory, dataType: string): GoogleDataType {
  return { category, dataType };
}

/** The form's data types. */
export const GoogleDataTypes = {
  ApproximateLocation: type("Location", "Approximate location"),
  PreciseLocation: type("Location", "Precise location"),
  Name: type("Personal info", "Name"),
  EmailAddress: type("Personal info", "Email address"),
  UserIds: type("Personal info", "User IDs"),
  Address: type("Personal info", "Address"),
  PhoneNumber: type("Personal info", "Phone number"),
  RaceAndEthnicity: type("Personal info", "Race and ethnicity"),
  PoliticalOrReligiousBeliefs: type("Personal info", "Political or religious beliefs"),
  SexualOrientation: type("Personal info", "Sexual orientation"),
  OtherPersonalInfo: type("Personal info", "Other info"),
  UserPaymentInfo: type("Financial info", "User payment info"),
  PurchaseHistory: type("Financial info", "Purchase history"),
  CreditScore: type("Financial info", "Credit score"),
  OtherFinancialInfo: type("Financial info", "Other financial info"),
  HealthInfo: type("Health and fitness", "Health info"),
  FitnessInfo: type("Health and fitness", "Fitness info"),
  Emails: type("Messages", "Emails"),
  SmsOrMms: type("Messages", "SMS or MMS"),
  OtherInAppMessages: type("Messages", "Other in-app messages"),
  Photos: type("Photos and videos", "Photos"),
  Videos: type("Photos and videos", "Videos"),
  VoiceOrSoundRecordings: type("Audio files", "Voice or sound recordings"),
  MusicFiles: type("Audio files", "Music files"),
  OtherAudioFiles: type("Audio files", "Other audio files"),
  FilesAndDocs: type("Files and docs", "Files and docs"),
  CalendarEvents: type("Calendar", "Calendar events"),
  Contacts: type("Contacts", "Contacts"),
  AppInteractions: type("App activity", "App interactions"),
  InAppSearchHistory: type("App activity", "In-app search history"),
  InstalledApps: type("App activity", "Installed apps"),
  OtherUserGeneratedContent: type("App activity", "Other user-generated content"),
  OtherActions: type("App activity", "Other actions"),
  WebBrowsingHistory: type("Web browsing", "Web browsing history"),
  CrashLogs: type("App info and performance", "Crash logs"),
  Diagnostics: type("App info and performance", "Diagnostics"),
  OtherAppPerformanceData: type("App info and performance", "Other app performance data"),
  DeviceOrOtherIds: type("Device or other IDs", "Device or other IDs"),
} as const;

/** The form's purposes ("Why is this user data collected?"). */
export const GooglePurpose = {
  AppFunctionality: "App functionality",
  Analytics: "Analytics",
  DeveloperCommunications: "Developer communications",
  AdvertisingOrMarketing: "Advertising or marketing",
  FraudPreventionSecurityAndCompliance: "Fraud prevention, security, and compliance",
  Personalization: "Personalization",
  AccountManagement: "Account management",
} as const;
export type GooglePurpose = (typeof GooglePurpose)[keyof typeof GooglePurpose];
