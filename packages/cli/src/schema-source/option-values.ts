import { fromJson, type DescMessage, type JsonObject, type JsonValue, type Message } from "@bufbuild/protobuf";
import { reasonOf } from "./input-error.js";

/** An option value protobufjs parsed that the option's message cannot hold. */
export class OptionValueError extends Error {
  override readonly name = "OptionValueError";
}

type Parsed = Record<string, unknown>;

function isObject(value: unknown): value is Parsed {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges two parsed values of one option, as protoc merges an option set in
 * pieces (`[(x).purposes = A, (x).purposes = B]`): lists grow, messages merge
 * field by field, and a scalar set twice becomes a list that
 * {@link optionMessage} rejects for a singular field.
 */
export function mergeOptionValues(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (isObject(a) && isObject(b)) {
    const out: Parsed = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeOptionValues(out[k], v) : v;
    return out;
  }
  return [...(Array.isArray(a) ? a : [a]), ...(Array.isArray(b) ? b : [b])];
}

// protobufjs returns text-format values with names as written and singular
// values where a repeated field was given once; protobuf JSON wants lists.
function normalize(schema: DescMessage, value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new OptionValueError(`${path || schema.typeName} must be a message value`);
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(value)) {
    const field = schema.fields.find((f) => f.name === key || f.jsonName === key);
    const where = path ? `${path}.${key}` : key;
    if (!field) throw new OptionValueError(`unknown field "${where}" (${schema.typeName} has no such field)`);
    if (field.fieldKind === "list") {
      const items = Array.isArray(raw) ? raw : [raw];
      out[field.jsonName] = items.map((item, i) => (field.listKind === "message" ? normalize(field.message, item, `${where}[${i}]`) : (item as JsonValue)));
    } else if (Array.isArray(raw)) {
      throw new OptionValueError(`${where} is set more than once but is not repeated`);
    } else if (field.fieldKind === "message") {
      out[field.jsonName] = normalize(field.message, raw, where);
    } else {
      out[field.jsonName] = raw as JsonValue;
    }
  }
  return out;
}

/**
 * The message an option's parsed text-format value stands for, e.g. a
 * `FieldPolicy` from the object protobufjs parsed out of
 * `[(datapact.privacy.v1.data) = {...}]`. Throws {@link OptionValueError}
 * naming the offending field when the value does not fit the schema.
 */
export function optionMessage<T extends Message>(schema: DescMessage, value: unknown): T {
  const json = normalize(schema, value, "");
  try {
    return fromJson(schema, json) as T;
  } catch (err) {
    throw new OptionValueError(reasonOf(err));
  }
}
