import { createHmac } from "node:crypto";
import { contextBytes } from "../keys/sealed-box.js";

/**
 * An identifier of a device or record for one manufacturer only: HMAC-SHA256
 * under the platform's pairwise secret over the kind, the manufacturer and
 * the platform's id, base64url. Stable for that manufacturer; another
 * manufacturer's handle for the same thing cannot be linked to it, and
 * neither reveals the platform's id (which a client may have chosen).
 */
export function pairwiseHandle(secret: Uint8Array, kind: "device" | "record", manufacturerId: string, subjectId: string, id: string): string {
  return createHmac("sha256", secret).update(contextBytes(`datapact/pairwise-${kind}/v1`, manufacturerId, subjectId, id)).digest("base64url");
}
