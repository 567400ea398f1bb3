import type { Path } from "@bufbuild/protobuf/reflect";
import type { DropReason } from "../enforcement/verdict.js";

/** Why a channel projection removed a field: one {@link DropReason} (the channel reasons live there too). */
export type ChannelDropReason = DropReason;

/** Told about every field a channel projection removes, with its path and reason. */
export type ChannelDropListener = (path: Path, reason: ChannelDropReason) => void;

/** Options of the channel projections. */
export interface ChannelProjectionOptions {
  readonly onDrop?: ChannelDropListener;
}
