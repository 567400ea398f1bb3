import { fromBinary, type DescMessage } from "@bufbuild/protobuf";
import type { CodecName, WireCodec } from "../codec/wire-codec.js";
import { fromHex, toHex, type GoldenVector } from "../golden/golden-vector.js";
import type { FieldDifference } from "./field-difference.js";
import { jsonDifferences } from "./json-differences.js";
import { messageDifferences } from "./message-differences.js";
import { wireFormDifferences } from "./wire-form-differences.js";

/**
 * Which way a runtime was checked: `decode` reads the golden bytes and
 * writes JSON, `encode` reads the golden JSON and writes bytes.
 */
export type Direction = "encode" | "decode";

/** A difference between one runtime's output and a golden vector. */
export interface ObservedDifference extends FieldDifference {
  readonly codec: CodecName;
  readonly direction: Direction;
  readonly typeName: string;
  /** The vector's name. */
  readonly vector: string;
}

/**
 * Where `codec` disagrees with `vector` of `schema` when it decodes the
 * golden bytes: its JSON compared with the golden JSON, field by field.
 */
export function decodeDifferences(codec: WireCodec, schema: DescMessage, vector: GoldenVector): ObservedDifference[] {
  const tag = { codec: codec.name, direction: "decode" as const, typeName: schema.typeName, vector: vector.name };
  let json;
  try {
    json = codec.decode(schema.typeName, fromHex(vector.hex));
  } catch {
    return [{ ...tag, path: "", field: undefined, aspect: "error" }];
  }
  return jsonDifferences(schema, vector.json, json).map((d) => ({ ...tag, ...d }));
}

/**
 * Where `codec` disagrees with `vector` of `schema` when it encodes the
 * golden JSON: nothing when the bytes are the golden bytes; otherwise both
 * encodings are read back with protobuf-es and compared field by field, and
 * when they hold the same message, the difference is in wire form.
 */
export function encodeDifferences(codec: WireCodec, schema: DescMessage, vector: GoldenVector): ObservedDifference[] {
  const tag = { codec: codec.name, direction: "encode" as const, typeName: schema.typeName, vector: vector.name };
  let bytes: Uint8Array;
  try {
    bytes = codec.encode(schema.typeName, vector.json);
  } catch {
    return [{ ...tag, path: "", field: undefined, aspect: "error" }];
  }
  if (toHex(bytes) === vector.hex) return [];
  const golden = fromHex(vector.hex);
  let differences: FieldDifference[];
  try {
    differences = messageDifferences(schema, fromBinary(schema, golden), fromBinary(schema, bytes));
  } catch {
    // protobuf-es cannot read what the runtime wrote.
    return [{ ...tag, path: "", field: undefined, aspect: "error" }];
  }
  if (differences.length === 0) differences = wireFormDifferences(schema, golden, bytes);
  return differences.map((d) => ({ ...tag, ...d }));
}

/** Every difference between `codec` and the vectors of `types`, both directions, in order. */
export function goldenDifferences(codec: WireCodec, types: readonly { readonly schema: DescMessage; readonly vectors: readonly GoldenVector[] }[]): ObservedDifference[] {
  const found: ObservedDifference[] = [];
  for (const { schema, vectors } of types) {
    for (const vector of vectors) found.push(...decodeDifferences(codec, schema, vector), ...encodeDifferences(codec, schema, vector));
  }
  return found;
}
