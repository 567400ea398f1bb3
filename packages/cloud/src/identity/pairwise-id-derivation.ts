import { createHmac } from "node:crypto";
import { contextBytes } from "../keys/sealed-box.js";

/**
 * The pairwise id of a subject at a manufacturer, for one authorisation
 * generation: HMAC-SHA256 under the platform's secret over the manufacturer,
 * the subject and the generation, base64url (43 characters). Without the
 * secret, ids of one subject at two manufacturers cannot be linked, and no
 * id reveals the subject id.
 */
export function derivePairwiseId(secret: Uint8Array, subjectId: string, manufacturerId: string, generation: number): string {
  const gen = Buffer.alloc(4);
  gen.writeUInt32BE(generation);
  return createHmac("sha256", secret).update(contextBytes("datapact/pairwise-id/v1", manufacturerId, subjectId, gen)).digest("base64url");
}
