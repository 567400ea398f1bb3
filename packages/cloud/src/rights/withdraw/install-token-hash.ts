import { createHash } from "node:crypto";

/** What is kept of a withdrawn install token: its SHA-256 under a label (the token is 122 random bits, so the hash alone cannot be reversed or linked). */
export function installTokenHash(installToken: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update("datapact/install-token/v1\0").update(installToken, "utf8").digest());
}
