import { UnknownCodecError } from "./codec-errors.js";
import { codecNames, type CodecName, type WireCodec } from "./wire-codec.js";
import { protobufEsCodec } from "../protobuf-es/protobuf-es-codec.js";
import { tsProtoCodec } from "../ts-proto/ts-proto-codec.js";
import { protobufjsCodec } from "../protobufjs/protobufjs-codec.js";

/**
 * The three runtimes, each with its default setup, by name. Creating them is
 * cheap: protobufjs reads the `.proto` files on first use.
 */
export const codecs: Readonly<Record<CodecName, WireCodec>> = {
  "protobuf-es": protobufEsCodec(),
  "ts-proto": tsProtoCodec(),
  protobufjs: protobufjsCodec(),
};

/** Whether `name` is one of {@link codecNames}. */
export function isCodecName(name: string): name is CodecName {
  return (codecNames as readonly string[]).includes(name);
}

/**
 * The codec named `name`, as given to a testee's `--codec` flag.
 *
 * @throws {UnknownCodecError} for any other name.
 */
export function codecFor(name: string): WireCodec {
  if (!isCodecName(name)) throw new UnknownCodecError(name, codecNames);
  return codecs[name];
}
