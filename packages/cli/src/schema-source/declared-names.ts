import protobuf from "protobufjs";
import type { ParsedProtoFile } from "./parsed-proto-file.js";
import { TypeNames } from "./type-names.js";
import { wellKnownFiles } from "./well-known-files.js";

/** The name protoc gives a map field's synthesized entry message (`my_map` -> `MyMapEntry`). */
export function mapEntryName(fieldName: string): string {
  return fieldName.split("_").map((p) => (p ? p[0].toUpperCase() + p.slice(1) : "")).join("") + "Entry";
}

function addParsed(file: ParsedProtoFile, names: TypeNames): void {
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const child of ns.nestedArray) {
      const fullName = child.fullName.replace(/^\./, "");
      if (child instanceof protobuf.Type) {
        names.add(fullName, "message");
        for (const f of child.fieldsArray) if (f instanceof protobuf.MapField) names.add(`${fullName}.${mapEntryName(f.name)}`, "message");
        visit(child);
      } else if (child instanceof protobuf.Enum) {
        names.add(fullName, "enum");
      } else if (child instanceof protobuf.Field) {
        if (child.extend && !child.name.startsWith(".")) names.add(fullName, "extension");
      } else if (child instanceof protobuf.Namespace && !(child instanceof protobuf.Service)) {
        visit(child);
      }
    }
  };
  visit(file.root);
}

/** Every message, enum and extension the well-known types and `files` declare. */
export function declaredNames(files: Iterable<ParsedProtoFile>): TypeNames {
  const names = new TypeNames();
  for (const file of wellKnownFiles.values()) {
    const visit = (messages: typeof file.messages): void => {
      for (const m of messages) {
        names.add(m.typeName, "message");
        m.nestedEnums.forEach((e) => names.add(e.typeName, "enum"));
        visit(m.nestedMessages);
      }
    };
    visit(file.messages);
    file.enums.forEach((e) => names.add(e.typeName, "enum"));
  }
  for (const file of files) addParsed(file, names);
  return names;
}
