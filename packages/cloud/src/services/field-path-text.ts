import { pathToString, type Path } from "@bufbuild/protobuf/reflect";

/** A field path as text for responses and logs, with map keys (which can be personal data) replaced by `*`. */
export function fieldPathText(path: Path): string {
  return pathToString(path.map((p) => ("kind" in p && p.kind === "map_sub" ? { kind: "map_sub" as const, key: "*" } : p)));
}
