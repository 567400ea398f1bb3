import type { CodecName } from "./wire-codec.js";

/** A codec was asked for a message type its runtime does not know. */
export class UnknownMessageTypeError extends Error {
  override readonly name = "UnknownMessageTypeError";
  constructor(
    readonly codec: CodecName,
    readonly typeName: string,
  ) {
    super(`${codec}: no message type ${typeName}`);
  }
}

/** A codec name outside {@link codecNames} (from `--codec`, say). */
export class UnknownCodecError extends Error {
  override readonly name = "UnknownCodecError";
  constructor(
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown codec ${JSON.stringify(requested)}; choose one of ${known.join(", ")}`);
  }
}

/**
 * A runtime refused to encode or decode. Carries the runtime's own error as
 * `cause` for debugging; the message names the codec, the direction and the
 * type, never a value (the input may hold personal data).
 */
export class CodecFailure extends Error {
  override readonly name = "CodecFailure";
  constructor(
    readonly codec: CodecName,
    readonly direction: "encode" | "decode",
    readonly typeName: string,
    cause: unknown,
  ) {
    super(`${codec} could not ${direction} ${typeName}: ${cause instanceof Error ? cause.name : "error"}`, { cause });
  }
}
