import { createHash } from "node:crypto";

/**
 * The two-int key of a transaction-level advisory lock for one purpose in
 * one schema. Advisory locks are database-wide, so the schema is part of
 * the key: runs in different schemas never wait for each other.
 */
export function advisoryLockKey(purpose: "create-schema" | "migrate", schema: string | undefined): [number, number] {
  const digest = createHash("sha256").update(`datapact/${purpose}/${schema ?? ""}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}
