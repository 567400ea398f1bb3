import { ScalarType, type DescField, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { buildPath, pathToString, type PathBuilder } from "@bufbuild/protobuf/reflect";
import { isDeepStrictEqual } from "node:util";
import { hasSpecialJson, type FieldDifference } from "./field-difference.js";

type JsonObject = { readonly [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The message-typed field whose JSON is an object of fields we can descend into. */
function descendableMessage(field: DescField): DescMessage | undefined {
  const message = field.fieldKind === "message" || field.fieldKind === "list" || field.fieldKind === "map" ? field.message : undefined;
  return message && !hasSpecialJson(message.typeName) ? message : undefined;
}

/** A JSON map key as the map's key type, which the path builder checks. */
function mapKey(field: DescField & { fieldKind: "map" }, key: string): string | number | bigint | boolean {
  switch (field.mapKey) {
    case ScalarType.STRING:
      return key;
    case ScalarType.BOOL:
      return key === "true";
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return BigInt(key);
    default:
      return Number(key);
  }
}

function fieldForKey(schema: DescMessage, key: string): DescField | undefined {
  return schema.fields.find((f) => f.jsonName === key) ?? schema.fields.find((f) => f.name === key);
}

/**
 * Where `actual` (a runtime's Protobuf JSON for a message of `schema`)
 * differs from `expected` (the reference JSON), field by field: the walk
 * descends into nested messages, list elements and map values while both
 * sides have the same shape, and reports the deepest field that differs.
 * Members are matched by JSON name, or by proto name for a runtime that
 * writes those.
 */
export function jsonDifferences(schema: DescMessage, expected: JsonValue, actual: JsonValue): FieldDifference[] {
  const found: FieldDifference[] = [];
  const visit = (message: DescMessage, path: PathBuilder, e: JsonValue | undefined, a: JsonValue | undefined) => {
    if (!isObject(e) || !isObject(a)) {
      if (!isDeepStrictEqual(e, a)) found.push({ path: pathToString(path.toPath()), field: undefined, aspect: "value" });
      return;
    }
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      const ev = e[key];
      const av = a[key];
      if (isDeepStrictEqual(ev, av)) continue;
      const field = fieldForKey(message, key);
      if (!field) {
        const where = pathToString(path.toPath());
        found.push({ path: where ? `${where}.${key}` : key, field: undefined, aspect: "value" });
        continue;
      }
      const at = path.clone().field(field);
      const nested = descendableMessage(field);
      if (nested && field.fieldKind === "message" && isObject(ev) && isObject(av)) {
        visit(nested, at, ev, av);
      } else if (nested && field.fieldKind === "list" && Array.isArray(ev) && Array.isArray(av) && ev.length === av.length) {
        ev.forEach((item, i) => visit(nested, at.clone().list(i), item, av[i]));
      } else if (nested && field.fieldKind === "map" && isObject(ev) && isObject(av) && isDeepStrictEqual(Object.keys(ev).sort(), Object.keys(av).sort())) {
        for (const k of Object.keys(ev)) visit(nested, at.clone().map(mapKey(field, k)), ev[k], av[k]);
      } else {
        found.push({ path: pathToString(at.toPath()), field, aspect: "value" });
      }
    }
  };
  visit(schema, buildPath(schema), expected, actual);
  return found;
}
