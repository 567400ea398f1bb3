import { create, fromJson, toBinary, toJson, type DescMessage, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { craftedMessage, widestOneof, type Flavor } from "./crafted-messages.js";
import { randomMessages } from "./random-messages.js";

/** One golden wire vector: a message as Protobuf JSON and as protobuf-es binary. */
export interface GoldenVector {
  /** Unique within its type: what the vector exercises (`fully-populated`, `extremes-min`, `random-2`). */
  readonly name: string;
  /** The message in the canonical Protobuf JSON mapping, as protobuf-es writes it. */
  readonly json: JsonValue;
  /** The message in binary, as protobuf-es writes it, in lowercase hex. */
  readonly hex: string;
}

/** How many random vectors each type gets. */
export const randomVectorsPerType = 4;

const flavorVectors: readonly (readonly [string, Flavor])[] = [
  ["fully-populated", "typical"],
  ["explicit-zeros", "zeros"],
  ["extremes-min", "min"],
  ["extremes-max", "max"],
  ["tiny", "tiny"],
  ["unicode", "unicode"],
  ["float-nan", "nan"],
  ["float-infinity", "infinity"],
  ["open-enum", "open-enum"],
  ["map-zero-entry", "map-defaults"],
];

/** 32-bit FNV-1a: a stable seed per type name, so adding a type leaves the others' vectors alone. */
export function seedOf(typeName: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < typeName.length; i++) {
    hash ^= typeName.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** The bytes of lowercase or uppercase `hex`. */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** The message's JSON as a reader of the JSON text sees it (`-0` reads as `0`, for one). */
function jsonThroughText(schema: DescMessage, message: Message, registry: Registry): JsonValue {
  return JSON.parse(JSON.stringify(toJson(schema, message, { registry }))) as JsonValue;
}

/**
 * The golden vectors of `schema`: the empty message, one crafted message per
 * flavor (fully populated, zeros with explicit presence, integer and float
 * extremes, unicode, NaN and infinities, undeclared enum numbers, zero map
 * entries) and per oneof member (`extremes-max.oneof-case-2` sets every
 * oneof's third member), and {@link randomVectorsPerType}
 * seeded random messages. Vectors whose bytes equal an earlier vector's are
 * left out (a type without floats has no `float-nan`).
 *
 * Each message goes through JSON text before it is encoded, and `json` is
 * written from what was read back: so `hex` is exactly what protobuf-es makes
 * of `json`, and `json` exactly what it makes of `hex` (JSON text has no -0,
 * for one: a double field at -0 would otherwise be in `json` as 0 and in
 * `hex` as -0).
 */
export function goldenVectorsOf(schema: DescMessage, registry: Registry): GoldenVector[] {
  const candidates: [string, Message][] = [["empty", create(schema)]];
  // Each flavor once per oneof member, so extremes, zero map entries and the
  // rest also reach the fields behind every member.
  const oneofCases = widestOneof(schema);
  for (let k = 0; k < oneofCases; k++) {
    for (const [name, flavor] of flavorVectors) candidates.push([k === 0 ? name : `${name}.oneof-case-${k}`, craftedMessage(schema, { flavor, oneofCase: k })]);
  }
  randomMessages(schema, seedOf(schema.typeName), randomVectorsPerType).forEach((m, i) => candidates.push([`random-${i + 1}`, m]));

  const vectors: GoldenVector[] = [];
  const seen = new Set<string>();
  for (const [name, message] of candidates) {
    const viaText = fromJson(schema, jsonThroughText(schema, message, registry), { registry });
    const json = jsonThroughText(schema, viaText, registry);
    const hex = toHex(toBinary(schema, viaText));
    if (seen.has(hex)) continue;
    seen.add(hex);
    vectors.push({ name, json, hex });
  }
  return vectors;
}
