import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { FieldPolicy } from "@datapact/proto";

/**
 * One annotated field as a row of its product's data inventory: the seeds'
 * columns in the seeds' words, and the same values as stable vocabulary
 * names. This is the JSON shape of `datapact inventory --format json`.
 */
export interface InventoryRow {
  /** ProductPolicy.id of the field's file, e.g. "band". */
  readonly product: string;
  /** The seeds' "Type" words for the category, e.g. "Sensitive information". */
  readonly category: string;
  /** FieldPolicy.data_type: the inventory row the field belongs to. */
  readonly dataType: string;
  /** Full name of the field, e.g. `datapact.devices.band.v1.HeartRateSample.beats_per_minute`. */
  readonly fieldPath: string;
  /** "Identified data", "Only to display on device", … */
  readonly qualifier: string;
  /** "App/device functionality", "Analytics", … in declaration order. */
  readonly purposes: readonly string[];
  /** The other purposes the datum serves under their own qualifier and retention. */
  readonly uses: readonly string[];
  /** "Device: BLE App<-->Cloud: HTTPS"; "-" when it crosses no hop. */
  readonly transmission: string;
  /** "Device: No encryption Cloud: AES-128". */
  readonly storage: string;
  /** "Device: Factory reset App&cloud: Per user request". */
  readonly retention: string;
  /** The decision record this annotation cites (docs/decisions/NNNN-*.md), if any. */
  readonly decision: string | null;
  /** Where the seeds say this, e.g. "000 Appendix 1". */
  readonly source: string | null;
  /** Full name of the message holding the field. */
  readonly message: string;
  /** The product function the message belongs to, if named. */
  readonly function: string | null;
  /** Whether that function is off until the user turns it on. */
  readonly offByDefault: boolean;
  /** The user switch that keeps the value on the phone, if any. */
  readonly uploadSwitch: string | null;
  /** The same annotation as vocabulary names. */
  readonly values: InventoryValues;
}

/** A field's annotation as stable vocabulary names (`TIER_CLOUD`), unset values left out. */
export interface InventoryValues {
  readonly category: string;
  readonly qualifier: string;
  /** The effective flow: unset reads as FLOW_CLOUD. */
  readonly flow: string;
  readonly purposes: readonly string[];
  readonly transit: readonly { readonly hop?: string; readonly measure: string }[];
  readonly storage: readonly { readonly tier?: string; readonly measure: string; readonly algorithm?: string }[];
  readonly retention: readonly InventoryRetention[];
  readonly uses: readonly {
    readonly purpose: string;
    readonly qualifier: string;
    readonly retention: readonly InventoryRetention[];
  }[];
}

/** A retention entry as vocabulary names. */
export interface InventoryRetention {
  readonly tier?: string;
  readonly kind: string;
  readonly days?: number;
}

/**
 * A row together with what it was read from, for code that needs more than
 * the rendered row (labels, the seed comparison).
 */
export interface InventoryField {
  readonly row: InventoryRow;
  readonly policy: FieldPolicy;
  readonly field: DescField;
  readonly message: DescMessage;
}

/** One product's inventory, in schema declaration order. */
export interface ProductInventory {
  /** ProductPolicy.id. */
  readonly id: string;
  /** ProductPolicy.name. */
  readonly name: string;
  /** ProductPolicy.source. */
  readonly source: string;
  /** The schema files that declare the product, by path. */
  readonly files: readonly string[];
  readonly fields: readonly InventoryField[];
}
