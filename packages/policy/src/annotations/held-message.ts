import type { DescField, DescMessage } from "@bufbuild/protobuf";

/** The message type a field holds (singly, in a list, or as map values), if any. */
export function heldMessage(field: DescField): DescMessage | undefined {
  switch (field.fieldKind) {
    case "message":
      return field.message;
    case "list":
      return field.listKind === "message" ? field.message : undefined;
    case "map":
      return field.mapKind === "message" ? field.message : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether a held message is a value, governed by the annotation of the field
 * that holds it, rather than a message whose own fields carry annotations:
 * google.* messages (Timestamp, Duration, the wrappers, Struct, Any,
 * LatLng...) have no annotations of their own. google.protobuf.Empty holds
 * nothing and is not a value.
 */
export function isValueMessage(message: DescMessage): boolean {
  return message.typeName.startsWith("google.") && message.typeName !== "google.protobuf.Empty";
}
