import type { JsonValue } from "@bufbuild/protobuf";
import type { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";
import { CodecFailure, UnknownMessageTypeError } from "../codec/codec-errors.js";
import type { WireCodec } from "../codec/wire-codec.js";
import { generatedModules } from "../gen-tsproto/index.js";

/** What ts-proto generates for every message: the functions an application calls. */
interface GeneratedMessage {
  /** The full name, with `outputTypeAnnotations`. */
  readonly $type: string;
  encode(message: unknown, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): unknown;
  fromJSON(object: unknown): unknown;
  toJSON(message: unknown): unknown;
}

function isGeneratedMessage(value: unknown): value is GeneratedMessage {
  const v = value as Partial<GeneratedMessage> | undefined;
  return typeof v?.$type === "string" && typeof v.encode === "function" && typeof v.decode === "function" && typeof v.fromJSON === "function" && typeof v.toJSON === "function";
}

/** Full name to generated message, from every generated module's exports. */
function generatedMessages(): Map<string, GeneratedMessage> {
  const messages = new Map<string, GeneratedMessage>();
  for (const module of generatedModules) {
    for (const value of Object.values(module)) if (isGeneratedMessage(value)) messages.set(value.$type, value);
  }
  return messages;
}

/**
 * ts-proto 2.18 code generated from the pact (`buf.gen.tsproto.yaml`:
 * `forceLong=bigint`, `useDate=false`, `useDuration=string`,
 * `outputTypeAnnotations=static-only`): the generated
 * `Message.fromJSON`/`encode` and `decode`/`toJSON`, exactly as an
 * application using ts-proto calls them. Types are found by the `$type`
 * ts-proto puts on each generated message object.
 */
export function tsProtoCodec(): WireCodec {
  let messages: Map<string, GeneratedMessage> | undefined;
  const lookup = (typeName: string) => (messages ??= generatedMessages()).get(typeName);
  const messageType = (typeName: string): GeneratedMessage => {
    const type = lookup(typeName);
    if (!type) throw new UnknownMessageTypeError("ts-proto", typeName);
    return type;
  };
  return {
    name: "ts-proto",
    has: (typeName) => lookup(typeName) !== undefined,
    encode(typeName, json) {
      const type = messageType(typeName);
      try {
        return type.encode(type.fromJSON(json)).finish();
      } catch (cause) {
        throw new CodecFailure("ts-proto", "encode", typeName, cause);
      }
    },
    decode(typeName, bytes): JsonValue {
      const type = messageType(typeName);
      try {
        // toJSON builds a plain object that may hold `undefined` members;
        // the JSON text round trip gives the value a JSON reader would see.
        return JSON.parse(JSON.stringify(type.toJSON(type.decode(bytes)))) as JsonValue;
      } catch (cause) {
        throw new CodecFailure("ts-proto", "decode", typeName, cause);
      }
    },
  };
}
