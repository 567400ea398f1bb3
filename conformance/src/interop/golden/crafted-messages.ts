import { create, ScalarType, type DescEnum, type DescField, type DescMessage, type DescOneof, type Message } from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";

/**
 * What a crafted sample fills its fields with:
 * - `typical`: ordinary values (negative ones for signed integers, 2^53+1 for 64-bit);
 * - `zeros`: only fields with explicit presence (proto3 `optional`, oneof
 *   members, messages), each set to its zero value, so "present but zero"
 *   reaches the wire;
 * - `min` / `max`: every integer at its bound, floats at ±max, strings and
 *   bytes long enough for a two-byte length, enums at their lowest / highest value;
 * - `tiny`: the smallest magnitudes (subnormal floats, ±1);
 * - `unicode`: strings in several scripts, combining marks, an emoji ZWJ
 *   sequence, an astral-plane character, U+0000 and U+FEFF;
 * - `nan` / `infinity`: IEEE special values in every float and double;
 * - `open-enum`: every enum set to a number the schema does not declare
 *   (proto3 enums are open: the number must survive);
 * - `map-defaults`: maps hold an entry whose key and value are both zero.
 */
export type Flavor = "typical" | "zeros" | "min" | "max" | "tiny" | "unicode" | "nan" | "infinity" | "open-enum" | "map-defaults";

/** Every {@link Flavor}, in the order the golden files list them. */
export const flavors: readonly Flavor[] = ["typical", "zeros", "min", "max", "tiny", "unicode", "nan", "infinity", "open-enum", "map-defaults"];

/** Options of {@link craftedMessage}. */
export interface CraftOptions {
  readonly flavor: Flavor;
  /** Which member every oneof sets: its `oneofCase % members` -th. Default 0. */
  readonly oneofCase?: number;
  /** How deep nested messages go; deeper fields stay unset. Default 3. */
  readonly maxDepth?: number;
}

const TIMESTAMP = "google.protobuf.Timestamp";
const DURATION = "google.protobuf.Duration";

const UNICODE_TEXT = "Grüße, 世界! مرحبا שלום e\u0301 👩\u200d👩\u200d👧 𝄞 \u0000\ufeff";
const LONG_TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(4);

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const UINT32_MAX = 0xffffffff;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
/** Just past what a double holds exactly: a runtime that goes through `number` loses it. */
const BEYOND_DOUBLE = (1n << 53n) + 1n;
const FLOAT_MAX = 3.4028234663852886e38;
const FLOAT_MIN_SUBNORMAL = 1.401298464324817e-45;

/** A non-zero value of `type` in `flavor`: what a populated field holds. */
function scalarValue(type: ScalarType, flavor: Flavor): unknown {
  switch (type) {
    case ScalarType.STRING:
      return flavor === "unicode" ? UNICODE_TEXT : flavor === "max" ? LONG_TEXT : flavor === "min" || flavor === "tiny" ? "a" : "sample text";
    case ScalarType.BYTES:
      if (flavor === "max") return Uint8Array.from({ length: 256 }, (_, i) => i);
      if (flavor === "min" || flavor === "tiny") return Uint8Array.of(0);
      return Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
    case ScalarType.BOOL:
      return true;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return flavor === "min" ? INT32_MIN : flavor === "max" ? INT32_MAX : flavor === "tiny" ? -1 : -1234;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return flavor === "min" || flavor === "tiny" ? 1 : flavor === "max" ? UINT32_MAX : 1234;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return flavor === "min" ? INT64_MIN : flavor === "max" ? INT64_MAX : flavor === "tiny" ? -1n : -BEYOND_DOUBLE;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return flavor === "min" || flavor === "tiny" ? 1n : flavor === "max" ? UINT64_MAX : BEYOND_DOUBLE;
    case ScalarType.DOUBLE:
      return floatValue(flavor, Number.MAX_VALUE, Number.MIN_VALUE, Math.PI, Infinity);
    case ScalarType.FLOAT:
      // Float32 values only: every runtime stores a float in a double, so a
      // value that is not a float32 would be rounded differently on the way.
      return floatValue(flavor, FLOAT_MAX, FLOAT_MIN_SUBNORMAL, Math.fround(Math.E), -Infinity);
  }
}

function floatValue(flavor: Flavor, max: number, minSubnormal: number, typical: number, infinity: number): number {
  switch (flavor) {
    case "min":
      return -max;
    case "max":
      return max;
    case "tiny":
      return minSubnormal;
    case "nan":
      return NaN;
    case "infinity":
      return infinity;
    default:
      return typical;
  }
}

/** The zero value of a scalar, as protobuf-es represents it. */
function scalarZero(type: ScalarType): unknown {
  switch (type) {
    case ScalarType.STRING:
      return "";
    case ScalarType.BYTES:
      return new Uint8Array(0);
    case ScalarType.BOOL:
      return false;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return 0n;
    default:
      return 0;
  }
}

function enumValue(desc: DescEnum, flavor: Flavor): number {
  const numbers = desc.values.map((v) => v.number);
  const nonZero = numbers.filter((n) => n !== 0);
  if (flavor === "open-enum") return Math.max(...numbers) + 1000;
  if (nonZero.length === 0) return 0;
  if (flavor === "min") return Math.min(...nonZero);
  if (flavor === "max") return Math.max(...nonZero);
  return nonZero[0];
}

/** Map keys are object keys in protobuf-es: strings, or the string form of the key. */
function mapKeys(type: ScalarType, flavor: Flavor): string[] {
  const zero = flavor === "map-defaults" ? [String(scalarZero(type))] : [];
  if (type === ScalarType.STRING) return [flavor === "unicode" ? "ключ 🔑" : "key one", "key two", ...zero];
  if (type === ScalarType.BOOL) return ["true", ...zero];
  const v = scalarValue(type, flavor === "map-defaults" ? "typical" : flavor) as number | bigint;
  const other = typeof v === "bigint" ? v - 1n : v - 1;
  return [String(v), String(other === 0 || other === 0n ? 2 : other), ...zero];
}

/** Well-known types whose JSON form constrains their fields: valid values only. */
function wellKnownValue(desc: DescMessage, flavor: Flavor): Record<string, unknown> | undefined {
  if (desc.typeName === TIMESTAMP) {
    switch (flavor) {
      case "zeros":
        return {};
      case "min":
        return { seconds: -62135596800n, nanos: 0 }; // 0001-01-01T00:00:00Z
      case "max":
        return { seconds: 253402300799n, nanos: 999999999 }; // 9999-12-31T23:59:59.999999999Z
      case "tiny":
        return { seconds: 0n, nanos: 1 };
      default:
        return { seconds: 1700000000n, nanos: 123456789 };
    }
  }
  if (desc.typeName === DURATION) {
    switch (flavor) {
      case "zeros":
        return {};
      case "min":
        return { seconds: -315576000000n, nanos: -999999999 };
      case "max":
        return { seconds: 315576000000n, nanos: 999999999 };
      case "tiny":
        return { seconds: 0n, nanos: -1 };
      default:
        return { seconds: 3723n, nanos: 456789012 };
    }
  }
  return undefined;
}

function hasExplicitPresence(field: DescField): boolean {
  return field.fieldKind === "message" || field.oneof !== undefined || field.presence === FeatureSet_FieldPresence.EXPLICIT;
}

/**
 * A message of `schema` with every field set (to `maxDepth`), crafted for
 * `flavor`. Repeated fields hold three elements, the middle one zero, so
 * packed encodings carry a zero and message lists an empty message. Maps hold
 * two entries (three with `map-defaults`). Each oneof sets one member, chosen
 * by `oneofCase`. Deterministic: the same schema and options give the same
 * message.
 */
export function craftedMessage(schema: DescMessage, options: CraftOptions): Message {
  const { flavor } = options;
  const oneofCase = options.oneofCase ?? 0;
  const maxDepth = options.maxDepth ?? 3;

  const singular = (field: DescField, depth: number, zero: boolean): unknown => {
    switch (field.fieldKind) {
      case "scalar":
        return zero ? scalarZero(field.scalar) : scalarValue(field.scalar, flavor);
      case "enum":
        return zero ? 0 : enumValue(field.enum, flavor);
      case "message":
        return depth < maxDepth ? messageInit(field.message, depth + 1) : undefined;
      case "list":
      case "map":
        throw new Error("unreachable: lists and maps are built by element");
    }
  };

  const element = (field: DescField & { fieldKind: "list" | "map" }, depth: number, zero: boolean): unknown => {
    const kind = field.fieldKind === "list" ? field.listKind : field.mapKind;
    if (kind === "scalar") return zero ? scalarZero(field.scalar!) : scalarValue(field.scalar!, flavor);
    if (kind === "enum") return zero ? 0 : enumValue(field.enum!, flavor);
    if (depth >= maxDepth) return undefined;
    return zero ? {} : messageInit(field.message!, depth + 1);
  };

  const fieldValue = (field: DescField, depth: number): unknown => {
    if (field.fieldKind === "list") {
      const [a, b, c] = [element(field, depth, false), element(field, depth, true), element(field, depth, false)];
      return a === undefined ? undefined : flavor === "zeros" ? [b] : [a, b, c];
    }
    if (field.fieldKind === "map") {
      const keys = mapKeys(field.mapKey, flavor);
      const entries: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        const isZeroEntry = flavor === "map-defaults" && i === keys.length - 1;
        const value = element(field, depth, isZeroEntry);
        if (value !== undefined) entries[key] = value;
      });
      return Object.keys(entries).length === 0 ? undefined : entries;
    }
    if (flavor === "zeros") return hasExplicitPresence(field) ? (field.fieldKind === "message" ? singular(field, depth, false) : singular(field, depth, true)) : undefined;
    return singular(field, depth, false);
  };

  const oneofValue = (oneof: DescOneof, depth: number): unknown => {
    const field = oneof.fields[oneofCase % oneof.fields.length];
    const value = fieldValue(field, depth);
    return value === undefined ? { case: undefined } : { case: field.localName, value };
  };

  const messageInit = (desc: DescMessage, depth: number): Record<string, unknown> => {
    const wellKnown = wellKnownValue(desc, flavor);
    if (wellKnown) return wellKnown;
    const init: Record<string, unknown> = {};
    for (const member of desc.members) {
      const value = member.kind === "oneof" ? oneofValue(member, depth) : fieldValue(member, depth);
      if (value !== undefined) init[member.localName] = value;
    }
    return init;
  };

  return create(schema, messageInit(schema, 0) as never);
}

/** How many members the largest oneof reachable from `schema` (to `maxDepth`) has; 1 when there is none. */
export function widestOneof(schema: DescMessage, maxDepth = 3): number {
  let widest = 1;
  const seen = new Set<string>();
  const visit = (desc: DescMessage, depth: number) => {
    const key = `${desc.typeName}@${depth}`;
    if (seen.has(key) || depth > maxDepth) return;
    seen.add(key);
    for (const oneof of desc.oneofs) widest = Math.max(widest, oneof.fields.length);
    for (const field of desc.fields) {
      const message = field.fieldKind === "message" ? field.message : field.fieldKind === "list" || field.fieldKind === "map" ? field.message : undefined;
      if (message) visit(message, depth + 1);
    }
  };
  visit(schema, 0);
  return widest;
}
