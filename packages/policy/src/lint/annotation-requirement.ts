import type { DescField } from "@bufbuild/protobuf";
import { MessageRole } from "@datapact/proto";
import { heldMessage, isValueMessage } from "../annotations/held-message.js";

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
  return isValueMessage(held);
}
