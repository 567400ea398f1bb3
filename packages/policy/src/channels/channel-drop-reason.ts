import type { Path } from "@bufbuild/protobuf/reflect";
import type { DropReason } from "../enforcement/verdict.js";

/**
 * Why a channel projection removed a field: the reasons of {@link DropReason}
 * plus the channel's own. Stable strings: reports cite them.
 */
export type ChannelDropReason =
  | DropReason
  /** The field does not serve the one purpose the channel carries. */
  | "NOT_FOR_PURPOSE"
  /** The field is more identifying than pseudonymized for the channel's purpose, so it may not travel unlinked. */
  | "TOO_IDENTIFYING"
  /** The field is used pseudonymized or anonymized only, so travelling with the account would link it. */
  | "NOT_IDENTIFIED";

/** Told about every field a channel projection removes, with its path and reason. */
export type ChannelDropListener = (path: Path, reason: ChannelDropReason) => void;

/** Options of the channel projections. */
export interface ChannelProjectionOptions {
  readonly onDrop?: ChannelDropListener;
}
