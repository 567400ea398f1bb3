// Canaries: unique, high-entropy markers put into values that must never
// reach a sink, searched for in every encoding a sink might hold them in.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export function canary(label: string): string {
  return `CANARY-${label}-${randomBytes(8).toString("hex")}`;
}

/** Whether `haystack` holds `needle` as UTF-8, base64 or hex. */
export function holds(haystack: Buffer, needle: string): boolean {
  const raw = Buffer.from(needle, "utf8");
  return (
    haystack.includes(raw) ||
    haystack.includes(Buffer.from(raw.toString("base64").replace(/=+$/, ""), "utf8")) ||
    haystack.includes(Buffer.from(raw.toString("hex"), "utf8"))
  );
}

/** Every byte of every file under `dir` (temporary files included). */
export async function directoryBytes(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(join(entry.parentPath ?? dir, entry.name)));
  }
  return Buffer.concat(parts);
}
