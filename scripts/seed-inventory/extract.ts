/**
 * Extracts every data-inventory row of the eight appendices of seed 000 into
 * docs/inventory/seed-rows.json, the reference `datapact inventory --against`
 * compares the product schemas with.
 *
 *   node_modules/.bin/tsx scripts/seed-inventory/extract.ts [seed.txt] [--out file] [--check]
 *
 * --check exits 1 when the file on disk differs from what the seed gives.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SeedRowsFile } from "../../packages/policy/src/inventory/seed-row.js";
import { readAppendixRows } from "./appendix-tables.js";
import { normalizeRow } from "./normalize-row.js";

export const defaultSeedPath = "/work/shared/seeds/000_8c5599c1d3ced916.txt";
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const defaultOutPath = join(repoRoot, "docs", "inventory", "seed-rows.json");

/** The seed-rows document for a seed's text, serialized as it is checked in. */
export function seedRowsJson(seedText: string, seedName: string): string {
  const file: SeedRowsFile = {
    seed: seedName,
    generatedBy: "node_modules/.bin/tsx scripts/seed-inventory/extract.ts",
    rows: readAppendixRows(seedText).map(normalizeRow),
  };
  return JSON.stringify(file, null, 2) + "\n";
}

function run(argv: readonly string[]): number {
  let seedPath = defaultSeedPath;
  let outPath = defaultOutPath;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--check") check = true;
    else if (arg === "--out") outPath = argv[++i];
    else if (arg.startsWith("-")) {
      process.stderr.write(`seed-inventory: unknown option ${arg}\n`);
      return 2;
    } else seedPath = arg;
  }
  const json = seedRowsJson(readFileSync(seedPath, "utf8"), basename(seedPath));
  if (check) {
    let current = "";
    try {
      current = readFileSync(outPath, "utf8");
    } catch {
      // A missing file is stale too.
    }
    if (current !== json) {
      process.stderr.write(`seed-inventory: ${outPath} is stale; run node_modules/.bin/tsx scripts/seed-inventory/extract.ts\n`);
      return 1;
    }
    return 0;
  }
  writeFileSync(outPath, json);
  const rows = (JSON.parse(json) as SeedRowsFile).rows.length;
  process.stdout.write(`seed-inventory: ${rows} rows -> ${outPath}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = run(process.argv.slice(2));
}
