import type { JsonValue } from "@bufbuild/protobuf";

/** The Protobuf runtimes the kit can encode and decode with. */
export const codecNames = ["protobuf-es", "ts-proto", "protobufjs"] as const;

/** The name of one runtime: `protobuf-es`, `ts-proto` or `protobufjs`. */
export type CodecName = (typeof codecNames)[number];

/**
 * One Protobuf runtime, seen only through the wire: JSON in, bytes out, and
 * back. Every runtime speaks the same two languages (the binary wire format
 * and the canonical Protobuf JSON mapping), so two runtimes agree exactly when
 * their codecs give the same bytes and the same JSON.
 *
 * Messages are named by their full Protobuf name
 * (`datapact.devices.band.v1.HeartRateSample`); JSON is the parsed value, not
 * text.
 */
export interface WireCodec {
  /** Which runtime this is. */
  readonly name: CodecName;
  /**
   * Reads `json` (Protobuf JSON, as parsed by `JSON.parse`) as a message of
   * `typeName` with the runtime's own JSON reader, and writes it with the
   * runtime's own binary writer.
   *
   * @throws {UnknownMessageTypeError} when the runtime has no such type.
   * @throws {CodecFailure} when the runtime rejects the JSON or the message.
   */
  encode(typeName: string, json: JsonValue): Uint8Array;
  /**
   * Reads `bytes` as a message of `typeName` with the runtime's binary reader
   * and writes it with the runtime's JSON writer: the JSON a program using
   * this runtime would show for these bytes.
   *
   * @throws {UnknownMessageTypeError} when the runtime has no such type.
   * @throws {CodecFailure} when the runtime rejects the bytes.
   */
  decode(typeName: string, bytes: Uint8Array): JsonValue;
  /** Whether the runtime knows `typeName`. */
  has(typeName: string): boolean;
}
