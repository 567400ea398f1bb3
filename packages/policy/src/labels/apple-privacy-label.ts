import type { InventoryField } from "../inventory/inventory-row.js";
import { appleDataTypeOf, applePurposeByPurpose } from "./apple-mapping.js";
import { AppleDataType, ApplePurpose, type AppleCollectedDataType } from "./apple-vocabulary.js";
import { isCollected, isLinkedToUser, isTracking } from "./field-collection.js";

/** A product's Apple privacy label. */
export interface ApplePrivacyLabel {
  /** The manifest entries, ready for PrivacyInfo.xcprivacy, in Apple's order of types. */
  readonly NSPrivacyCollectedDataTypes: readonly AppleCollectedDataType[];
  /** For each Apple type, the inventory data types it was derived from. */
  readonly derivedFrom: Readonly<Partial<Record<AppleDataType, readonly string[]>>>;
  /** Inventory data types that are not collected in Apple's sense (never leave the user's devices, or a third party collects them). */
  readonly notCollected: readonly string[];
}

// Apple's own listing orders, so labels diff cleanly between runs.
const purposeOrder: readonly ApplePurpose[] = Object.values(ApplePurpose);
const typeOrder: readonly AppleDataType[] = Object.values(AppleDataType);

/**
 * The privacy label of a product's fields in Apple's vocabulary: one entry
 * per Apple data type the collected fields map to, linked when any purpose is
 * served identified, tracking when identified data is used for advertising,
 * with the union of the fields' purposes.
 */
export function applePrivacyLabel(fields: readonly InventoryField[]): ApplePrivacyLabel {
  const entries = new Map<AppleDataType, { linked: boolean; tracking: boolean; purposes: Set<ApplePurpose>; from: Set<string> }>();
  const notCollected = new Set<string>();
  const collectedTypes = new Set<string>();
  for (const f of fields) {
    const label = f.row.dataType || f.row.fieldPath;
    if (!isCollected(f.policy)) {
      notCollected.add(label);
      continue;
    }
    collectedTypes.add(label);
    const type = appleDataTypeOf(f.policy.category, f.row.dataType);
    const entry = entries.get(type) ?? { linked: false, tracking: false, purposes: new Set(), from: new Set() };
    entry.linked ||= isLinkedToUser(f.policy);
    entry.tracking ||= isTracking(f.policy);
    for (const p of f.policy.purposes) {
      const apple = applePurposeByPurpose[p];
      if (apple) entry.purposes.add(apple);
    }
    entry.from.add(label);
    entries.set(type, entry);
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => typeOrder.indexOf(a) - typeOrder.indexOf(b));
  return {
    NSPrivacyCollectedDataTypes: sorted.map(([type, e]) => ({
      NSPrivacyCollectedDataType: type,
      NSPrivacyCollectedDataTypeLinked: e.linked,
      NSPrivacyCollectedDataTypeTracking: e.tracking,
      NSPrivacyCollectedDataTypePurposes: [...e.purposes].sort((a, b) => purposeOrder.indexOf(a) - purposeOrder.indexOf(b)),
    })),
    derivedFrom: Object.fromEntries(sorted.map(([type, e]) => [type, [...e.from]])),
    // A data type some of whose fields reach the cloud is collected.
    notCollected: [...notCollected].filter((t) => !collectedTypes.has(t)),
  };
}
