import {
  applePrivacyLabel,
  googleDataSafetyLabel,
  inventoryTableRows,
  type ApplePrivacyLabel,
  type GoogleDataSafetyLabel,
  type InventoryRow,
  type InventoryTableRow,
  type ProductInventory,
} from "@datapact/policy";

/** Everything the renderers show for one product, computed once. */
export interface ProductDocument {
  readonly product: { readonly id: string; readonly name: string; readonly source: string; readonly files: readonly string[] };
  /** One row per field. */
  readonly rows: readonly InventoryRow[];
  /** The seeds' table: fields folded by (category, data type). */
  readonly table: readonly InventoryTableRow[];
  readonly labels: { readonly apple: ApplePrivacyLabel; readonly google: GoogleDataSafetyLabel };
}

export function productDocument(inventory: ProductInventory): ProductDocument {
  return {
    product: { id: inventory.id, name: inventory.name, source: inventory.source, files: inventory.files },
    rows: inventory.fields.map((f) => f.row),
    table: inventoryTableRows(inventory.fields),
    labels: { apple: applePrivacyLabel(inventory.fields), google: googleDataSafetyLabel(inventory.fields) },
  };
}

/** The command that regenerates the checked-in inventory files. */
export const regenerateCommand = "pnpm datapact inventory --out docs/inventory";
