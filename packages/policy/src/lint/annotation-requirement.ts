import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { MessageRole } from "@datapact/proto";

/** The message a field holds, for message, repeated-message and message-valued map fields. */
function heldMessage(field: DescField): DescMessage | undefined {
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
 * Whether a field of a message with `role` must carry its own
 * `(datapact.privacy.v1.data)` annotation.
 *
 * Only fields of data-carrying messages do (CONTROL messages carry no
 * personal data; an ENVELOPE's payload is governed by the message it
 * carries). A field holding one of our messages is exempt: that message's
 * fields carry the annotations. google.* messages (Timestamp, Duration, the
 * wrappers, Struct, Any, LatLng...) are values with no annotations of their
 * own, so a field holding one needs an annotation like a scalar; only
 * google.protobuf.Empty, which holds nothing, is exempt.
 */
export function needsAnnotation(field: DescField, role: MessageRole): boolean {
  if (role !== MessageRole.DATA) return false;
  const held = heldMessage(field);
  if (!held) return true;
  return held.typeName.startsWith("google.") && held.typeName !== "google.protobuf.Empty";
}
