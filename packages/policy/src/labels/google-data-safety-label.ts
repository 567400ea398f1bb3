import type { InventoryField } from "../inventory/inventory-row.js";
import { googleDataTypeOf, googlePurposeByPurpose } from "./google-mapping.js";
import { GoogleDataTypes, GooglePurpose, type GoogleCategory } from "./google-vocabulary.js";
import {
  isCollected,
  isDeletableOnRequest,
  isEncryptedInTransit,
  isEphemeral,
  isOptional,
} from "./field-collection.js";

/** The answers for one data type of the Data safety form. */
export interface GoogleDataSafetyEntry {
  readonly category: GoogleCategory;
  readonly dataType: string;
  /** "Is this data collected, shared, or both?" */
  readonly collected: boolean;
  /**
   * Shared with a third party. The pact moves data only between the user's
   * device, app and the developer's cloud; what a third party collects
   * directly (the bank) is neither collected nor shared by the app.
   */
  readonly shared: boolean;
  /** "Is this data processed ephemerally?" — every field of the type is. */
  readonly ephemeral: boolean;
  /** "Is this data required for your app, or can users choose whether it's collected?" */
  readonly required: boolean;
  /** "Why is this user data collected?" */
  readonly purposes: readonly GooglePurpose[];
  /** Every field of the type is encrypted on every hop to the cloud. */
  readonly encryptedInTransit: boolean;
  /** The inventory data types this entry was derived from. */
  readonly derivedFrom: readonly string[];
}

/** A product's Data safety answers. */
export interface GoogleDataSafetyLabel {
  /** "Is all of the user data collected by your app encrypted in transit?" */
  readonly encryptedInTransit: boolean;
  /** "Do you provide a way for users to request that their data is deleted?" */
  readonly deletionRequest: boolean;
  readonly dataTypes: readonly GoogleDataSafetyEntry[];
  /** Inventory data types that never leave the user's devices or go to a third party directly. */
  readonly notCollected: readonly string[];
}

const typeOrder: readonly string[] = Object.values(GoogleDataTypes).map((t) => `${t.category}/${t.dataType}`);
const purposeOrder: readonly GooglePurpose[] = Object.values(GooglePurpose);

/**
 * The Data safety answers of a product's fields: one entry per Google data
 * type the collected fields map to. A type is ephemeral only if all its fields
 * are, required if any field is, encrypted in transit if all are.
 */
export function googleDataSafetyLabel(fields: readonly InventoryField[]): GoogleDataSafetyLabel {
  interface Acc {
    category: GoogleCategory;
    dataType: string;
    ephemeral: boolean;
    required: boolean;
    encrypted: boolean;
    purposes: Set<GooglePurpose>;
    from: Set<string>;
  }
  const entries = new Map<string, Acc>();
  const notCollected = new Set<string>();
  const collectedTypes = new Set<string>();
  let deletionRequest = false;
  for (const f of fields) {
    const label = f.row.dataType || f.row.fieldPath;
    if (!isCollected(f.policy)) {
      notCollected.add(label);
      continue;
    }
    collectedTypes.add(label);
    deletionRequest ||= isDeletableOnRequest(f.policy);
    const type = googleDataTypeOf(f.policy.category, f.row.dataType);
    const key = `${type.category}/${type.dataType}`;
    const acc = entries.get(key) ?? {
      category: type.category,
      dataType: type.dataType,
      ephemeral: true,
      required: false,
      encrypted: true,
      purposes: new Set<GooglePurpose>(),
      from: new Set<string>(),
    };
    acc.ephemeral &&= isEphemeral(f.policy);
    acc.required ||= !isOptional(f);
    acc.encrypted &&= isEncryptedInTransit(f.policy);
    for (const p of f.policy.purposes) {
      const google = googlePurposeByPurpose[p];
      if (google) acc.purposes.add(google);
    }
    acc.from.add(label);
    entries.set(key, acc);
  }
  const dataTypes = [...entries.entries()]
    .sort(([a], [b]) => typeOrder.indexOf(a) - typeOrder.indexOf(b))
    .map(([, e]) => ({
      category: e.category,
      dataType: e.dataType,
      collected: true,
      shared: false,
      ephemeral: e.ephemeral,
      required: e.required,
      purposes: [...e.purposes].sort((a, b) => purposeOrder.indexOf(a) - purposeOrder.indexOf(b)),
      encryptedInTransit: e.encrypted,
      derivedFrom: [...e.from],
    }));
  return {
    encryptedInTransit: dataTypes.every((t) => t.encryptedInTransit),
    deletionRequest,
    dataTypes,
    notCollected: [...notCollected].filter((t) => !collectedTypes.has(t)),
  };
}
