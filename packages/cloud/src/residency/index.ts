export * from "./errors/index.js";
export { LOCATION_CODE, regionStoredIn, RESIDENCY_RULES, residencyRuleOf, STORAGE_LOCATIONS, type ResidencyRule, type StorageLocation } from "./residency-table.js";
export { locationOfSubject, RegionalStores, RegionStore, type RegionalStoresOptions, type SubjectRecords } from "./regional-stores.js";
