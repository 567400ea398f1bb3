import type { Path } from "@bufbuild/protobuf/reflect";
import type { DropReason } from "../enforcement/verdict.js";

/**
 * Why a view for someone other than the data subject removed a field: the
 * reasons of {@link DropReason} plus the views' own. Stable strings: reports
 * cite them.
 */
export type ViewDropReason =
  | DropReason
  /** The field is not device state (category Other used for the device's function), so a shared party may not see it. */
  | "NOT_DEVICE_STATE"
  /** The field could identify the person or link them across recipients (identifiers, contact data, user content, financial data). */
  | "IDENTIFYING_FOR_THIRD_PARTY"
  /** The field does not serve the product's function, the only purpose a recipient other than the subject is given data for. */
  | "NOT_FOR_FUNCTIONALITY";

/** Told about every field a view removes, with its path and reason (paths never carry map keys). */
export type ViewDropListener = (path: Path, reason: ViewDropReason) => void;

/** Options of the views. */
export interface ViewOptions {
  readonly onDrop?: ViewDropListener;
}
