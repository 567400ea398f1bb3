// Regenerates the golden wire vectors under conformance/golden from the
// current schemas, then re-runs the three runtimes over them and refreshes
// the `occurrences` and `examples` of every entry in known-differences.json.
//
//   pnpm --filter @datapact/conformance golden      (or: npx tsx scripts/write-golden.ts)
//
// It never writes an explanation: a difference no entry explains is printed,
// with what a new entry would say, and the script exits 1. Read it, decide
// whether the runtime is wrong or the difference is legitimate, and write the
// entry (or fix the code) yourself. Entries that explain nothing any more
// are reported too; delete them.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import {
  codecNames,
  codecs,
  describeDifference,
  expectedGoldenFiles,
  goldenDifferences,
  knownDifferencesFile,
  parseKnownDifferences,
  readGoldenVectors,
  refreshedKnownDifferences,
  selectorFor,
  tallyDifferences,
  writeGoldenFiles,
  type KnownDifferencesFile,
  type ObservedDifference,
} from "../src/interop/index.js";

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), "..", "golden");
const registry = createRegistry(...pactFiles);

const files = expectedGoldenFiles(registry);
const { written, removed } = writeGoldenFiles(goldenDir, files);
const types = readGoldenVectors(goldenDir, registry);
const vectorCount = types.reduce((n, t) => n + t.vectors.length, 0);
console.log(`write-golden: ${types.length} types, ${vectorCount} vectors; ${written.length} files written, ${removed.length} removed`);
for (const f of removed) console.log(`  removed ${f}`);

const knownPath = join(goldenDir, knownDifferencesFile);
const known: KnownDifferencesFile = existsSync(knownPath) ? parseKnownDifferences(JSON.parse(readFileSync(knownPath, "utf8"))) : { differences: [] };
const observed: ObservedDifference[] = codecNames.flatMap((name) => goldenDifferences(codecs[name], types));
const tally = tallyDifferences(known.differences, observed);
const refreshed: KnownDifferencesFile = { ...known, differences: refreshedKnownDifferences(known.differences, tally) };
writeFileSync(knownPath, `${JSON.stringify(refreshed, null, 2)}\n`);

let failed = false;
for (const k of refreshed.differences) console.log(`  ${String(k.occurrences).padStart(5)}  ${k.id}`);

if (tally.unexplained.length > 0) {
  failed = true;
  const groups = new Map<string, ObservedDifference[]>();
  for (const d of tally.unexplained) {
    const key = JSON.stringify({ codec: d.codec, direction: d.direction, aspect: d.aspect, fields: selectorFor(d.field, d.aspect) });
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  console.log(`\n${tally.unexplained.length} differences no entry of ${knownDifferencesFile} explains, by what an entry would say:`);
  for (const [key, list] of groups) {
    console.log(`  ${key}: ${list.length}, e.g. ${list.slice(0, 3).map(describeDifference).join("; ")}`);
  }
}
if (tally.ambiguous.length > 0) {
  failed = true;
  console.log(`\n${tally.ambiguous.length} differences more than one entry explains (narrow the entries):`);
  for (const { difference, ids } of tally.ambiguous.slice(0, 10)) console.log(`  ${describeDifference(difference)}: ${ids.join(", ")}`);
}
const idle = refreshed.differences.filter((k) => k.occurrences === 0);
if (idle.length > 0) {
  failed = true;
  console.log(`\nEntries that explain nothing any more (delete them): ${idle.map((k) => k.id).join(", ")}`);
}
process.exit(failed ? 1 : 0);
