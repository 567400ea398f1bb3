// Residency (000 §04 international transfers; SEED-MECHANISMS M162, M169;
// decision 0012): a privacy rule, so it lives with the other rules. The
// cloud stores by it; the conformance kit checks by it.
/** Where a subject's data is stored: the seeds' "data storage locations". */
export type StorageLocation = "germany" | "india" | "russia" | "united-states" | "mainland-china" | "singapore";

/** One row of the residency table: the account regions it covers and where their data lives. */
export interface ResidencyRule {
  /** The seed's region label. */
  readonly label: string;
  /** Account region codes (first segment of CreateAccountRequest.region) the row covers; empty for the catch-all row. */
  readonly regions: readonly string[];
  readonly location: StorageLocation;
  /** The seed's cloud service provider, for reports. */
  readonly provider: string;
  /** The seed line the row comes from. */
  readonly source: string;
}

// EEA member states (EU 27 with Iceland, Liechtenstein and Norway), as the
// lower-case country codes an account region may be given as.
const EEA = ["at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie", "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se", "is", "li", "no"];

/**
 * The international-transfer table of 000 §04 (lines 1064-1078; SEED-
 * MECHANISMS M169) for the platform's apps (the "Mi Home/Xiaomi Home/Xiaomi
 * Wear" rows), read the protective way where the seeds differ (decision
 * 0012): EEA and UK data is stored in Germany only, never in the United
 * States or Singapore that the phone white paper's table (001 §05) and the
 * router rows also list; a region the table does not name is "Other".
 */
export const RESIDENCY_RULES: readonly ResidencyRule[] = [
  { label: "EEA", regions: ["eu", "eea", ...EEA], location: "germany", provider: "Amazon web services", source: "000 line 1065" },
  { label: "United Kingdom", regions: ["uk", "gb"], location: "germany", provider: "Amazon web services", source: "000 line 1068" },
  { label: "India", regions: ["in"], location: "india", provider: "Amazon web services, Microsoft azure", source: "000 line 1071" },
  { label: "Russia Federation", regions: ["ru"], location: "russia", provider: "Kingsoft cloud", source: "000 line 1072" },
  { label: "United States", regions: ["us"], location: "united-states", provider: "Amazon web services", source: "000 line 1073" },
  { label: "Mainland China", regions: ["cn"], location: "mainland-china", provider: "Kingsoft cloud, Alibaba cloud, 21ViaNet", source: "000 line 1075" },
  { label: "Other", regions: [], location: "singapore", provider: "Alibaba cloud", source: "000 line 1077" },
];

/** The storage locations of the table, each once. */
export const STORAGE_LOCATIONS: readonly StorageLocation[] = ["germany", "india", "russia", "united-states", "mainland-china", "singapore"];

/** An account region whose data the table stores at `location` (its first named region; "other" for the catch-all row). */
export function regionStoredIn(location: StorageLocation): string {
  const rule = RESIDENCY_RULES.find((r) => r.location === location && r.regions.length > 0);
  return rule ? rule.regions[0]! : "other";
}

/** The residency rule of an account region ("eu", "de", "us-east" …): by its first segment, else the "Other" row. */
export function residencyRuleOf(region: string): ResidencyRule {
  const head = region.split("-")[0]!;
  return RESIDENCY_RULES.find((r) => r.regions.includes(head)) ?? RESIDENCY_RULES[RESIDENCY_RULES.length - 1]!;
}
