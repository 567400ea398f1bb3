import { readdirSync } from "node:fs";

/**
 * Whether a decision number ("0004") has its record in `dir`
 * (docs/decisions/0004-short-slug.md). A missing directory holds no records.
 */
export function decisionRecordsIn(dir: string): (decision: string) => boolean {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No decisions directory yet: every cited decision is unknown.
  }
  return (decision) => decision !== "" && names.some((n) => n.startsWith(`${decision}-`) && n.endsWith(".md"));
}
