import type { ProductDocument } from "./product-document.js";

/** One product as JSON: its rows (one per field), table rows and labels. */
export function productJson(doc: ProductDocument): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Every product in one JSON document. */
export function inventoryJson(docs: readonly ProductDocument[]): string {
  return JSON.stringify({ products: docs }, null, 2) + "\n";
}
