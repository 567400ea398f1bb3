import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { InvalidSchemaError, reasonOf, UnreadableInputError, UnresolvedImportError } from "./input-error.js";
import { checkAnnotationsDecode, dependencyOrder, locateWithDisplayPaths, registryOf, type LoadedSchema } from "./loaded-schema.js";
import { parseProtoFile, type ParsedProtoFile } from "./parsed-proto-file.js";
import { toFileDescriptor } from "./to-file-descriptor.js";
import { declaredNames } from "./declared-names.js";
import { vocabularyFiles } from "./vocabulary.generated.js";
import { wellKnownFiles } from "./well-known-files.js";

/** A `.proto` file the user named (directly or through a directory). */
export interface ProtoTextTarget {
  readonly absolutePath: string;
  readonly displayPath: string;
}

const EMBEDDED_LABEL = "<embedded vocabulary>";

function readText(absolutePath: string, displayPath: string): string {
  try {
    return readFileSync(absolutePath, "utf8");
  } catch (err) {
    throw new UnreadableInputError(displayPath, (err as NodeJS.ErrnoException).code ?? reasonOf(err));
  }
}

function inside(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : undefined;
}

/**
 * The import name of a target and the root it lives under: the directory its
 * `package` path implies (`.../datapact/devices/band/v1/band.proto` with
 * package `datapact.devices.band.v1` lives under `...`, even when the user
 * named `.../band/v1/`), else the first import root containing it, else its
 * own directory.
 */
function nameOf(target: ProtoTextTarget, text: string, roots: readonly string[]): { name: string; root: string } {
  const pkg = /^\s*package\s+([A-Za-z_][\w.]*)\s*;/m.exec(text)?.[1];
  const dir = dirname(target.absolutePath);
  if (pkg) {
    const pkgDir = pkg.split(".").join(sep);
    if (dir.endsWith(sep + pkgDir)) {
      const root = dir.slice(0, dir.length - pkgDir.length - 1);
      return { name: inside(root, target.absolutePath)!, root };
    }
  }
  for (const root of roots) {
    const name = inside(root, target.absolutePath);
    if (name) return { name, root };
  }
  return { name: inside(dir, target.absolutePath)!, root: dir };
}

/**
 * Loads `.proto` text with protobufjs, no compiler needed. Imports resolve
 * against `importRoots` (plus the roots the targets imply), then the
 * vocabulary embedded at build time (`datapact/privacy/v1/*.proto`), then
 * the well-known types. Throws an InputError for unreadable files,
 * syntax errors, unresolved imports or types and invalid annotations
 * (see input-error.ts).
 */
export function loadProtoText(targets: readonly ProtoTextTarget[], importRoots: readonly string[], cwd: string = process.cwd()): LoadedSchema {
  const roots = [...importRoots];
  const parsed = new Map<string, ParsedProtoFile>();
  const targetNames: string[] = [];
  const pending: ParsedProtoFile[] = [];
  const diskPathOf = new Map<string, string>();

  for (const target of targets) {
    const text = readText(target.absolutePath, target.displayPath);
    const { name, root } = nameOf(target, text, roots);
    if (!roots.includes(root)) roots.push(root);
    const earlier = diskPathOf.get(name);
    if (earlier !== undefined) {
      if (earlier === target.absolutePath) continue;
      throw new InvalidSchemaError(target.displayPath, `another file is also imported as "${name}" (${parsed.get(name)?.displayPath})`);
    }
    diskPathOf.set(name, target.absolutePath);
    const file = parseProtoFile(name, target.displayPath, text);
    parsed.set(name, file);
    targetNames.push(name);
    pending.push(file);
  }

  while (pending.length > 0) {
    const file = pending.pop()!;
    for (const imp of file.imports) {
      if (parsed.has(imp) || wellKnownFiles.has(imp)) continue;
      const onDisk = roots.map((r) => join(r, imp)).find((p) => existsSync(p) && statSync(p).isFile());
      let dep: ParsedProtoFile;
      if (onDisk) dep = parseProtoFile(imp, relative(cwd, onDisk) || onDisk, readText(onDisk, imp));
      else if (vocabularyFiles.has(imp)) dep = parseProtoFile(imp, `${EMBEDDED_LABEL} ${imp}`, vocabularyFiles.get(imp)!);
      else throw new UnresolvedImportError(file.displayPath, imp);
      parsed.set(imp, dep);
      pending.push(dep);
    }
  }

  const names = declaredNames(parsed.values());

  const descriptors: FileDescriptorProto[] = [...parsed.values()].map((f) => toFileDescriptor(f, names));
  const used = new Set(descriptors.flatMap((d) => d.dependency));
  for (const [name, file] of wellKnownFiles) if (used.has(name) || name === "google/protobuf/descriptor.proto") descriptors.push(file.proto);

  const displayPathOf = (name: string): string => parsed.get(name)?.displayPath ?? name;
  const registry = registryOf(dependencyOrder(descriptors), (name, reason) => new InvalidSchemaError(displayPathOf(name), reason));
  const files = targetNames.map((n) => registry.getFile(n)).filter((f) => f !== undefined);
  const locate = locateWithDisplayPaths(displayPathOf);
  checkAnnotationsDecode(files, locate);
  return { targets: files, locate };
}

