import { clone, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { planFor, type FieldRule } from "@datapact/policy";

/** A scalar value as text: strings as they are, bytes in base64, numbers in decimal. */
function asText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return String(value);
}

function visit(r: ReflectMessage, select: (rule: FieldRule) => boolean, onLeaf: (r: ReflectMessage, field: ReflectMessage["fields"][number]) => void): void {
  const plan = planFor(r.desc);
  for (const field of r.fields) {
    if (!r.isSet(field)) continue;
    if (field.fieldKind === "message") {
      visit(r.get(field), select, onLeaf);
      continue;
    }
    if (field.fieldKind === "list" && field.listKind === "message") {
      for (const item of r.get(field)) visit(item as ReflectMessage, select, onLeaf);
      continue;
    }
    if (field.fieldKind === "map" && field.mapKind === "message") {
      for (const [, item] of r.get(field)) visit(item as ReflectMessage, select, onLeaf);
      continue;
    }
    const rule = plan.ruleFor(field.number);
    if (rule && select(rule)) onLeaf(r, field);
  }
}

/** The values (as text) of every set leaf of `message` whose rule `select` picks, at any depth. */
export function selectedLeafValues(schema: DescMessage, message: Message, select: (rule: FieldRule) => boolean): string[] {
  const out: string[] = [];
  visit(reflect(schema, message), select, (r, field) => {
    switch (field.fieldKind) {
      case "scalar":
      case "enum":
        out.push(asText(r.get(field)));
        break;
      case "list":
        for (const v of r.get(field)) out.push(asText(v));
        break;
      case "map":
        for (const [, v] of r.get(field)) out.push(asText(v));
        break;
      default:
        break;
    }
  });
  return out;
}

/** A copy of `message` without the leaves `select` picks. */
export function withoutSelectedLeaves(schema: DescMessage, message: Message, select: (rule: FieldRule) => boolean): Message {
  const copy = clone(schema, message);
  visit(reflect(schema, copy), select, (r, field) => r.clear(field));
  return copy;
}
