import type { StorageLocation } from "@datapact/policy";

export { regionStoredIn, RESIDENCY_RULES, residencyRuleOf, STORAGE_LOCATIONS, type ResidencyRule, type StorageLocation } from "@datapact/policy";

/** The short code a location puts in front of its subjects' ids (`de_…`). */
export const LOCATION_CODE: Readonly<Record<StorageLocation, string>> = {
  germany: "de",
  india: "in",
  russia: "ru",
  "united-states": "us",
  "mainland-china": "cn",
  singapore: "sg",
};

