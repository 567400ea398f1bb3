import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A file every checkout of the pact has; marks the `proto/` directory. */
const marker = join("datapact", "privacy", "v1", "options.proto");

/** No `proto/` directory holding the pact was found. */
export class PactProtoDirNotFoundError extends Error {
  override readonly name = "PactProtoDirNotFoundError";
  constructor(readonly searchedFrom: readonly string[]) {
    super(`no proto/ directory with ${marker} above ${searchedFrom.join(" or ")}; pass protoDir`);
  }
}

function moduleDir(): string {
  // The CommonJS build has __dirname and no import.meta.url; the ESM build the reverse.
  return typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/**
 * The repository's `proto/` directory: the first `proto/` holding the pact's
 * vocabulary above this module (source or build) or above the working
 * directory. protobufjs reads the `.proto` text from there, as a
 * manufacturer's program would.
 */
export function findPactProtoDir(): string {
  const starts = [moduleDir(), process.cwd()];
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, "proto");
      if (existsSync(join(candidate, marker))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new PactProtoDirNotFoundError(starts);
}
