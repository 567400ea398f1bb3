import { ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { cloud } from "@datapact/proto";

/** What a trigger compares: a record's field, by dotted path, against a value. */
export interface SceneCondition {
  readonly fieldPath: string;
  readonly comparator: cloud.SceneComparator;
  readonly value: string;
}

const MAX_SEGMENTS = 16;

function fieldNamed(desc: DescMessage, name: string): DescField | undefined {
  return desc.fields.find((f) => f.name === name || f.jsonName === name || f.localName === name);
}

/** The values at `segments` below `message`: every element through repeated fields. Undefined for a path the type does not have. */
function valuesAt(message: ReflectMessage, segments: readonly string[]): unknown[] | undefined {
  const [head, ...rest] = segments;
  const field = head === undefined ? undefined : fieldNamed(message.desc, head);
  if (!field) return undefined;
  if (rest.length === 0) {
    switch (field.fieldKind) {
      case "scalar":
      case "enum":
        return [{ field, value: message.get(field) }];
      case "list":
        if (field.listKind === "message") return undefined;
        return [...message.get(field)].map((value) => ({ field, value }));
      default:
        return undefined;
    }
  }
  if (field.fieldKind === "message") {
    if (!message.isSet(field)) return [];
    return valuesAt(message.get(field), rest);
  }
  if (field.fieldKind === "list" && field.listKind === "message") {
    const out: unknown[] = [];
    for (const item of message.get(field)) {
      const values = valuesAt(item as ReflectMessage, rest);
      if (values === undefined) return undefined;
      out.push(...values);
    }
    return out;
  }
  return undefined;
}

/** A leaf value as the texts a rule's value may be written as (an enum by number and by name). */
function textsOf(entry: { field: DescField; value: unknown }): string[] {
  const { field, value } = entry;
  if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum")) {
    const e = field.enum!;
    const name = e.values.find((v) => v.number === value)?.name;
    return name ? [String(value), name] : [String(value)];
  }
  const scalar = field.scalar;
  if (scalar === ScalarType.BYTES) return [];
  return [typeof value === "bigint" ? value.toString() : String(value)];
}

function asNumber(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function compare(texts: readonly string[], comparator: cloud.SceneComparator, wanted: string): boolean {
  const wantedNumber = asNumber(wanted);
  const numbers = texts.map(asNumber).filter((n): n is number => n !== undefined);
  switch (comparator) {
    case cloud.SceneComparator.EQUAL:
      return texts.includes(wanted) || (wantedNumber !== undefined && numbers.includes(wantedNumber));
    case cloud.SceneComparator.NOT_EQUAL:
      return !compare(texts, cloud.SceneComparator.EQUAL, wanted);
    case cloud.SceneComparator.GREATER:
      return wantedNumber !== undefined && numbers.some((n) => n > wantedNumber);
    case cloud.SceneComparator.LESS:
      return wantedNumber !== undefined && numbers.some((n) => n < wantedNumber);
    default:
      return false;
  }
}

/**
 * Whether a stored record satisfies a scene's condition: some value at the
 * field path (any element, through repeated fields; unset scalars read as
 * their default) compares true. Numbers compare numerically, enums by number
 * or name, bytes never match. A path the type does not have never matches.
 */
export function conditionHolds(schema: DescMessage, message: Message, condition: SceneCondition): boolean {
  const segments = condition.fieldPath.split(".");
  if (segments.length === 0 || segments.length > MAX_SEGMENTS || segments.some((s) => s === "")) return false;
  const values = valuesAt(reflect(schema, message), segments) as { field: DescField; value: unknown }[] | undefined;
  if (!values) return false;
  if (condition.comparator === cloud.SceneComparator.NOT_EQUAL) return values.length > 0 && !compare(values.flatMap(textsOf), cloud.SceneComparator.EQUAL, condition.value);
  return values.some((v) => compare(textsOf(v), condition.comparator, condition.value));
}
