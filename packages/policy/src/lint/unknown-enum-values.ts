import type { DescField } from "@bufbuild/protobuf";
import type { ReflectMessage } from "@bufbuild/protobuf/reflect";

function known(field: DescField & { enum: NonNullable<DescField["enum"]> }, value: number): boolean {
  return field.enum.values.some((v) => v.number === value);
}

/**
 * The enum values in an annotation that the vocabulary does not define (a
 * number written where a name belongs, or a value from a newer vocabulary),
 * as `field.path = N`. Proto3 enums are open, so the compiler keeps them.
 */
export function unknownEnumValues(message: ReflectMessage, prefix = ""): string[] {
  const out: string[] = [];
  for (const field of message.fields) {
    const path = prefix + field.name;
    switch (field.fieldKind) {
      case "enum": {
        const value = message.get(field);
        if (!known(field, value)) out.push(`${path} = ${value}`);
        break;
      }
      case "list":
        if (field.listKind === "enum") {
          for (const value of message.get(field)) if (!known(field, value as number)) out.push(`${path} = ${value as number}`);
        } else if (field.listKind === "message") {
          let i = 0;
          for (const item of message.get(field)) out.push(...unknownEnumValues(item as ReflectMessage, `${path}[${i++}].`));
        }
        break;
      case "message":
        if (message.isSet(field)) out.push(...unknownEnumValues(message.get(field), `${path}.`));
        break;
      default:
        break;
    }
  }
  return out;
}
