import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRegistry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import {
  codecNames,
  codecs,
  goldenDifferences,
  knownDifferencesFile,
  parseKnownDifferences,
  readGoldenVectors,
  type GoldenTypeVectors,
  type KnownDifferencesFile,
  type ObservedDifference,
} from "../../src/interop/index.js";
import { packageDir } from "../support/paths.js";

/** conformance/golden: the checked-in vectors. */
export const goldenDir = join(packageDir, "golden");

/** The command that regenerates the vectors and refreshes the known differences. */
export const regenerateCommand = "pnpm --filter @datapact/conformance golden";

/** Every file of the pact, as the reference runtime sees it. */
export const registry = createRegistry(...pactFiles);

let vectors: GoldenTypeVectors[] | undefined;
/** The checked-in vectors of every golden type (read once). */
export function checkedInVectors(): GoldenTypeVectors[] {
  return (vectors ??= readGoldenVectors(goldenDir, registry));
}

let known: KnownDifferencesFile | undefined;
/** The checked-in known-differences.json, validated (read once). */
export function knownDifferences(): KnownDifferencesFile {
  return (known ??= parseKnownDifferences(JSON.parse(readFileSync(join(goldenDir, knownDifferencesFile), "utf8"))));
}

let observed: ObservedDifference[] | undefined;
/** What every runtime does differently from the checked-in vectors (computed once). */
export function observedDifferences(): ObservedDifference[] {
  return (observed ??= codecNames.flatMap((name) => goldenDifferences(codecs[name], checkedInVectors())));
}
