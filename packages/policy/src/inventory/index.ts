/**
 * Data inventories read from the schemas: one row per annotated field, in the
 * seeds' columns and words, folded into the seeds' tables, and compared with
 * the seed's own inventory rows.
 */
export { buildInventory, type InventoryOptions } from "./build-inventory.js";
export type {
  InventoryField,
  InventoryRetention,
  InventoryRow,
  InventoryValues,
  ProductInventory,
} from "./inventory-row.js";
export { inventoryTableRows, type InventoryTableRow } from "./table-rows.js";
export {
  compareWithSeed,
  hasUnexplainedMismatch,
  normalizedDataType,
  type ProductSeedComparison,
  type SeedComparisonOptions,
  type SeedDifference,
  type SeedFieldResult,
  type SeedFieldStatus,
  type SeedRowResult,
  type SeedRowStatus,
} from "./seed-comparison.js";
export type {
  NormalizedSeedRow,
  SeedColumn,
  SeedRetention,
  SeedRow,
  SeedRowsFile,
  SeedStorage,
  SeedTransit,
} from "./seed-row.js";
export { categoryWords, purposeWords, qualifierWords, transitWords, hopWords } from "./seed-words.js";
