import { createRegistry, fromBinary, fromJson, toBinary, toJson, type DescMessage, type JsonValue, type Registry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import { CodecFailure, UnknownMessageTypeError } from "../codec/codec-errors.js";
import type { WireCodec } from "../codec/wire-codec.js";

/**
 * The reference runtime, `@bufbuild/protobuf` v2 with the pact's generated
 * descriptors (`@datapact/proto`): `fromJson`/`toBinary` and
 * `fromBinary`/`toJson` with default options. The golden vectors are its
 * output.
 *
 * @param registry where message types are looked up; defaults to every file of the pact.
 */
export function protobufEsCodec(registry: Registry = createRegistry(...pactFiles)): WireCodec {
  const schema = (typeName: string): DescMessage => {
    const desc = registry.getMessage(typeName);
    if (!desc) throw new UnknownMessageTypeError("protobuf-es", typeName);
    return desc;
  };
  return {
    name: "protobuf-es",
    has: (typeName) => registry.getMessage(typeName) !== undefined,
    encode(typeName, json) {
      const desc = schema(typeName);
      try {
        // The registry resolves google.protobuf.Any payloads, should a schema use one.
        return toBinary(desc, fromJson(desc, json, { registry }));
      } catch (cause) {
        throw new CodecFailure("protobuf-es", "encode", typeName, cause);
      }
    },
    decode(typeName, bytes): JsonValue {
      const desc = schema(typeName);
      try {
        return toJson(desc, fromBinary(desc, bytes), { registry });
      } catch (cause) {
        throw new CodecFailure("protobuf-es", "decode", typeName, cause);
      }
    },
  };
}
