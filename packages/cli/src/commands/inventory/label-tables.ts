import type { ApplePrivacyLabel, GoogleDataSafetyLabel } from "@datapact/policy";

/**
 * A cell of a store-label table, before any markup: plain text, or code
 * spans (identifiers such as NSPrivacyCollectedDataTypePurposeAppFunctionality)
 * that a renderer lists inline or one per line.
 */
export type LabelCell = { readonly text: string } | { readonly code: readonly string[]; readonly layout: "inline" | "lines" };

/** A store-label table: its header and rows, the same for every format. */
export interface LabelTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly LabelCell[])[];
}

const text = (t: string): LabelCell => ({ text: t });
const yesNo = (b: boolean): LabelCell => text(b ? "Yes" : "No");

/** The Apple privacy manifest's NSPrivacyCollectedDataTypes, one row per data type, with the inventory rows it comes from. */
export function appleLabelTable(apple: ApplePrivacyLabel): LabelTable {
  return {
    header: ["NSPrivacyCollectedDataType", "NSPrivacyCollectedDataTypeLinked", "NSPrivacyCollectedDataTypeTracking", "NSPrivacyCollectedDataTypePurposes", "From (Type of data)"],
    rows: apple.NSPrivacyCollectedDataTypes.map((e) => [
      { code: [e.NSPrivacyCollectedDataType], layout: "inline" },
      { code: [String(e.NSPrivacyCollectedDataTypeLinked)], layout: "inline" },
      { code: [String(e.NSPrivacyCollectedDataTypeTracking)], layout: "inline" },
      { code: e.NSPrivacyCollectedDataTypePurposes, layout: "lines" },
      text((apple.derivedFrom[e.NSPrivacyCollectedDataType] ?? []).join("; ")),
    ]),
  };
}

/** Google Play's Data safety form, one row per data type, with the inventory rows it comes from. */
export function googleLabelTable(google: GoogleDataSafetyLabel): LabelTable {
  return {
    header: ["Category", "Data type", "Collected", "Shared", "Processed ephemerally", "Required or optional", "Purposes", "Encrypted in transit", "From (Type of data)"],
    rows: google.dataTypes.map((t) => [
      text(t.category),
      text(t.dataType),
      yesNo(t.collected),
      yesNo(t.shared),
      yesNo(t.ephemeral),
      text(t.required ? "Required" : "Optional"),
      text(t.purposes.join(", ")),
      yesNo(t.encryptedInTransit),
      text(t.derivedFrom.join("; ")),
    ]),
  };
}
