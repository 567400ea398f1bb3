import type { DescMessage, Message } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";

/**
 * A one-line summary of a step's message for reports: handles, product ids,
 * functions, message types, enum names, numbers and booleans; never bytes
 * (payloads carry the values under test).
 */
export function summarizeStep(protoName: string, schema: DescMessage, message: Message): string {
  const r = reflect(schema, message);
  const parts = [protoName];
  for (const field of r.fields) {
    if (!r.isSet(field)) continue;
    if (field.fieldKind === "scalar") {
      const v = r.get(field);
      if (v instanceof Uint8Array) continue;
      parts.push(typeof v === "boolean" ? `${field.name}=${v}` : String(v));
    } else if (field.fieldKind === "enum") {
      parts.push(field.enum.value[r.get(field) as number]?.name ?? String(r.get(field)));
    } else if (field.fieldKind === "list" && field.listKind === "enum") {
      const names = [...r.get(field)].map((n) => field.enum.value[n as number]?.name ?? String(n));
      parts.push(`[${names.join(",")}]`);
    }
  }
  return parts.join(" ");
}
