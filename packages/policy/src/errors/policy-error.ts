import { pathToString, type Path } from "@bufbuild/protobuf/reflect";

/**
 * Base class of every error the policy engine raises. Messages name schema
 * elements and paths, never values: errors end up in logs.
 */
export abstract class PolicyError extends Error {
  /** Stable machine-readable code, e.g. `THIRD_PARTY_DIRECT_VALUE`. */
  abstract readonly code: string;
}

/** Renders a path without map keys, which can be personal data. */
export function safePathString(path: Path): string {
  return pathToString(path.map((p) => ("kind" in p && p.kind === "map_sub" ? { kind: "map_sub" as const, key: "*" } : p)));
}
