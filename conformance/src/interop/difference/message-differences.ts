import { equals, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { buildPath, isReflectMessage, pathToString, reflect, type PathBuilder, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { hasSpecialJson, type FieldDifference } from "./field-difference.js";

/** Scalars compared as values: NaN equals NaN, bytes by content. */
function sameScalar(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((byte, i) => byte === b[i]);
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b;
  return a === b;
}

/** Two elements (or map values) of `field`: messages compared recursively, well-known types as a whole. */
function sameElement(field: DescField, a: unknown, b: unknown): boolean | "descend" {
  if (isReflectMessage(a) && isReflectMessage(b)) {
    const message = a.desc;
    return hasSpecialJson(message.typeName) ? equals(message, a.message, b.message) : "descend";
  }
  return sameScalar(a, b);
}

/**
 * Where message `b` differs from message `a` (both of `schema`), field by
 * field: presence, scalar values, list lengths and elements, map keys and
 * values, recursing into nested messages. Well-known types
 * (`google.protobuf.*`) are compared as a whole, so a Timestamp that differs
 * is reported at the Timestamp field. Unlike comparing JSON, this works for
 * messages that have no JSON form (a Timestamp with negative nanos).
 */
export function messageDifferences(schema: DescMessage, a: Message, b: Message): FieldDifference[] {
  const found: FieldDifference[] = [];
  const report = (path: PathBuilder, field: DescField) => found.push({ path: pathToString(path.toPath()), field, aspect: "value" });

  const visit = (ra: ReflectMessage, rb: ReflectMessage, path: PathBuilder) => {
    for (const field of ra.desc.fields) {
      const setA = ra.isSet(field);
      const setB = rb.isSet(field);
      if (!setA && !setB) continue;
      const at = path.clone().field(field);
      if (setA !== setB) {
        report(at, field);
        continue;
      }
      switch (field.fieldKind) {
        case "scalar":
        case "enum":
          if (!sameScalar(ra.get(field), rb.get(field))) report(at, field);
          break;
        case "message": {
          const same = sameElement(field, ra.get(field), rb.get(field));
          if (same === "descend") visit(ra.get(field), rb.get(field), at);
          else if (!same) report(at, field);
          break;
        }
        case "list": {
          const la = ra.get(field);
          const lb = rb.get(field);
          if (la.size !== lb.size) {
            report(at, field);
            break;
          }
          for (let i = 0; i < la.size; i++) {
            const same = sameElement(field, la.get(i), lb.get(i));
            if (same === "descend") visit(la.get(i) as ReflectMessage, lb.get(i) as ReflectMessage, at.clone().list(i));
            else if (!same) {
              report(at, field);
              break;
            }
          }
          break;
        }
        case "map": {
          const ma = ra.get(field);
          const mb = rb.get(field);
          const keys = [...ma.keys()];
          if (ma.size !== mb.size || keys.some((k) => !mb.has(k))) {
            report(at, field);
            break;
          }
          for (const key of keys) {
            const same = sameElement(field, ma.get(key), mb.get(key));
            if (same === "descend") visit(ma.get(key) as ReflectMessage, mb.get(key) as ReflectMessage, at.clone().map(key as string | number | bigint | boolean));
            else if (!same) {
              report(at, field);
              break;
            }
          }
          break;
        }
      }
    }
  };
  visit(reflect(schema, a), reflect(schema, b), buildPath(schema));
  return found;
}
