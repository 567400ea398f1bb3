import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const UINT32_MAX = 0xffffffff;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function int64In(value: unknown, min: bigint, max: bigint): boolean {
  let v: bigint;
  if (typeof value === "bigint") v = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) v = BigInt(value);
  else if (typeof value === "string" && /^-?[0-9]{1,20}$/.test(value)) v = BigInt(value);
  else return false;
  return v >= min && v <= max;
}

function scalarOk(type: ScalarType, value: unknown): boolean {
  switch (type) {
    case ScalarType.STRING:
      return typeof value === "string";
    case ScalarType.BOOL:
      return typeof value === "boolean";
    case ScalarType.BYTES:
      return value instanceof Uint8Array;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return typeof value === "number";
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= UINT32_MAX;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return int64In(value, INT64_MIN, INT64_MAX);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return int64In(value, 0n, UINT64_MAX);
  }
}

function enumOk(field: DescField & { enum: NonNullable<DescField["enum"]> }, value: unknown): boolean {
  if (!Number.isInteger(value) || (value as number) < INT32_MIN || (value as number) > INT32_MAX) return false;
  return field.enum.open || field.enum.values.some((v) => v.number === value);
}

/**
 * Checks that every set field of `message` holds a value of its declared
 * type, recursively: protobuf-es encodes what it is given without checking
 * (a number in a string field is silently written as text), so a store
 * must check before it writes. Throws InvalidArgumentError naming the field
 * path (`argument.field.sub`), never the value or a map key.
 */
export function checkMessageValues(schema: DescMessage, message: unknown, argument: string): void {
  if (typeof message !== "object" || message === null || (message as { $typeName?: unknown }).$typeName !== schema.typeName) {
    throw new InvalidArgumentError(argument, `must be a message of type ${schema.typeName}`);
  }
  const msg = message as Record<string, unknown>;
  for (const field of schema.fields) {
    let value: unknown;
    if (field.oneof) {
      const group = msg[field.oneof.localName] as { case?: unknown; value?: unknown } | undefined;
      if (typeof group !== "object" || group === null) throw new InvalidArgumentError(`${argument}.${field.oneof.name}`, "must be a oneof group object");
      if (group.case !== field.localName) continue;
      value = group.value;
    } else {
      value = msg[field.localName];
    }
    if (value === undefined) continue;
    const path = `${argument}.${field.name}`;
    const wrong = () => new InvalidArgumentError(path, "holds a value of the wrong type");
    switch (field.fieldKind) {
      case "scalar":
        if (!scalarOk(field.scalar, value)) throw wrong();
        break;
      case "enum":
        if (!enumOk(field, value)) throw wrong();
        break;
      case "message":
        if (isWrapperDesc(field.message) && !field.oneof) {
          // Singular wrapper fields are unboxed to their inner scalar.
          if (!scalarOk(field.message.fields[0]!.scalar!, value)) throw wrong();
        } else if (field.message.typeName === "google.protobuf.Struct") {
          if (typeof value !== "object" || value === null) throw wrong();
        } else {
          checkMessageValues(field.message, value, path);
        }
        break;
      case "list":
        if (!Array.isArray(value)) throw wrong();
        for (const item of value) {
          if (field.listKind === "scalar" ? !scalarOk(field.scalar, item) : field.listKind === "enum" ? !enumOk(field, item) : false) throw wrong();
          if (field.listKind === "message") checkMessageValues(field.message, item, path);
        }
        break;
      case "map":
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw wrong();
        for (const item of Object.values(value)) {
          if (field.mapKind === "scalar" ? !scalarOk(field.scalar, item) : field.mapKind === "enum" ? !enumOk(field, item) : false) throw wrong();
          if (field.mapKind === "message") checkMessageValues(field.message, item, path);
        }
        break;
    }
  }
}
