import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SeedRow, SeedRowsFile } from "@datapact/policy";
import { CommandError, ExitCode } from "../../exit-codes.js";

function isSeedRow(value: unknown): value is SeedRow {
  const row = value as SeedRow;
  return (
    typeof row === "object" &&
    row !== null &&
    typeof row.product === "string" &&
    typeof row.dataType === "string" &&
    typeof row.line === "number" &&
    Array.isArray(row.decisionExpected) &&
    typeof row.normalized === "object" &&
    row.normalized !== null
  );
}

/** Reads a seed-rows.json (scripts/seed-inventory writes it); an unreadable or malformed file is an input error. */
export function readSeedRows(path: string, cwd: string): readonly SeedRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(cwd, path), "utf8"));
  } catch (err) {
    const reason = err instanceof SyntaxError ? "not valid JSON" : "cannot be read";
    throw new CommandError(ExitCode.InputError, `${path}: ${reason}`);
  }
  const rows = (parsed as SeedRowsFile | null)?.rows;
  if (!Array.isArray(rows)) throw new CommandError(ExitCode.InputError, `${path}: has no "rows" array`);
  const bad = rows.findIndex((r) => !isSeedRow(r));
  if (bad >= 0) throw new CommandError(ExitCode.InputError, `${path}: rows[${bad}] is not a seed row`);
  return rows;
}
