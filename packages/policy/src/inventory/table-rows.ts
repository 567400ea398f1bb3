import { create } from "@bufbuild/protobuf";
import { FieldPolicySchema, type Purpose, type TransitProtection } from "@datapact/proto";
import type { InventoryField } from "./inventory-row.js";
import { purposesText, transmissionText } from "./seed-words.js";

/**
 * One line of a product's inventory table as the seeds draw it: every field
 * that shares a (category, data type) label folded into one row.
 */
export interface InventoryTableRow {
  readonly category: string;
  /** The shared data_type; a field without one gets a row of its own, labelled by its path. */
  readonly dataType: string;
  readonly qualifier: string;
  readonly purpose: string;
  readonly transmission: string;
  readonly storage: string;
  readonly retention: string;
  /** Decision records cited by any field of the row. */
  readonly decisions: readonly string[];
  /** The fields folded into the row, by full name. */
  readonly fields: readonly string[];
}

/** Distinct values in first-seen order, joined the way the table shows a disagreement. */
function distinct(values: readonly string[]): string {
  return [...new Set(values)].join(" / ");
}

/**
 * Folds fields into table rows, ordered by category (the vocabulary's order,
 * which is the seeds' order) and then by first declaration. Within a row,
 * purposes and transit hops are united (a device frame and a cloud record
 * of the same datum together cross both hops); qualifier, storage and
 * retention that differ between fields are all shown, separated by " / ".
 */
export function inventoryTableRows(fields: readonly InventoryField[]): InventoryTableRow[] {
  const groups = new Map<string, InventoryField[]>();
  for (const f of fields) {
    const key = `${f.policy.category}\u0000${f.row.dataType === "" ? f.row.fieldPath : f.row.dataType}`;
    const group = groups.get(key) ?? [];
    group.push(f);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map((group, order) => ({ group, order }));
  rows.sort((a, b) => rank(a.group[0].policy.category) - rank(b.group[0].policy.category) || a.order - b.order);
  return rows.map(({ group }) => tableRowOf(group));
}

// The vocabulary numbers categories in the seeds' order, "Other data" last;
// an unset category goes after it.
function rank(category: number): number {
  return category === 0 ? 1000 : category;
}

function tableRowOf(group: readonly InventoryField[]): InventoryTableRow {
  const first = group[0].row;
  const purposes: Purpose[] = [];
  for (const f of group) for (const p of f.policy.purposes) if (!purposes.includes(p)) purposes.push(p);
  const uses = distinct(group.flatMap((f) => f.row.uses));
  const transit: TransitProtection[] = [];
  for (const f of group) {
    for (const t of f.policy.transit) {
      if (!transit.some((u) => u.hop === t.hop && u.measure === t.measure)) transit.push(t);
    }
  }
  // Rendered through a policy so the hop order and words are the rows' own.
  const united = create(FieldPolicySchema, { transit });
  return {
    category: distinct(group.map((f) => f.row.category)),
    dataType: first.dataType === "" ? `(no data type) ${first.fieldPath}` : first.dataType,
    qualifier: distinct(group.map((f) => f.row.qualifier)),
    purpose: purposesText(purposes) + (uses === "" ? "" : `; ${uses}`),
    transmission: transmissionText(united),
    storage: distinct(group.map((f) => f.row.storage)),
    retention: distinct(group.map((f) => f.row.retention)),
    decisions: [...new Set(group.map((f) => f.row.decision).filter((d): d is string => d !== null))],
    fields: group.map((f) => f.row.fieldPath),
  };
}
