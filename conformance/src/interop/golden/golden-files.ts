import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { DescMessage, Registry } from "@bufbuild/protobuf";
import { goldenFileOf, goldenTypes } from "./golden-types.js";
import { goldenVectorsOf, type GoldenVector } from "./golden-vector.js";

/** Files in the golden directory that are not vectors. */
export const knownDifferencesFile = "known-differences.json";
const notVectors = new Set([knownDifferencesFile]);

/** One vector per line: a regenerated file's diff shows which vectors changed. */
export function formatGoldenFile(vectors: readonly GoldenVector[]): string {
  return `[\n${vectors.map((v) => `  ${JSON.stringify({ name: v.name, json: v.json, hex: v.hex })}`).join(",\n")}\n]\n`;
}

/**
 * What the golden directory must hold for the schemas in `registry`: path
 * (relative, `/`-separated) to file text. `write-golden` writes exactly this;
 * the staleness test compares it with what is checked in.
 */
export function expectedGoldenFiles(registry: Registry): Map<string, string> {
  const files = new Map<string, string>();
  for (const type of goldenTypes(registry)) files.set(goldenFileOf(type), formatGoldenFile(goldenVectorsOf(type, registry)));
  return files;
}

/** The vector files under `dir` (known-differences.json and non-JSON files left out), path to text. */
export function readGoldenFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  (function walk(d: string) {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) {
        const rel = relative(dir, path).split(sep).join("/");
        if (!notVectors.has(rel)) files.set(rel, readFileSync(path, "utf8"));
      }
    }
  })(dir);
  return files;
}

/** Writes `files` under `dir` and removes vector files not among them; returns what changed. */
export function writeGoldenFiles(dir: string, files: ReadonlyMap<string, string>): { written: string[]; removed: string[] } {
  const existing = readGoldenFiles(dir);
  const written: string[] = [];
  const removed: string[] = [];
  for (const [rel, text] of files) {
    if (existing.get(rel) === text) continue;
    const path = join(dir, ...rel.split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(rel);
  }
  for (const rel of existing.keys()) {
    if (files.has(rel)) continue;
    rmSync(join(dir, ...rel.split("/")));
    removed.push(rel);
  }
  return { written, removed };
}

/** A golden type and its checked-in vectors. */
export interface GoldenTypeVectors {
  readonly schema: DescMessage;
  readonly vectors: readonly GoldenVector[];
}

/**
 * The checked-in vectors of every golden type in `registry`, read from
 * `dir`. A type without a file has no vectors here; the staleness test is the
 * one that reports it.
 */
export function readGoldenVectors(dir: string, registry: Registry): GoldenTypeVectors[] {
  const files = readGoldenFiles(dir);
  return goldenTypes(registry).map((schema) => {
    const text = files.get(goldenFileOf(schema));
    return { schema, vectors: text === undefined ? [] : (JSON.parse(text) as GoldenVector[]) };
  });
}
