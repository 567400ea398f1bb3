import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { reasonOf, UnreadableInputError } from "./input-error.js";

/** File name endings read as FileDescriptorSet binaries (buf images included). */
export const DESCRIPTOR_SET_EXTENSIONS = [".binpb", ".pb", ".desc"] as const;

/** The inputs named on a command line, sorted into kinds. */
export interface SchemaPaths {
  /** `.proto` files, named directly or found under a directory. */
  readonly protoFiles: ReadonlyArray<{ absolutePath: string; displayPath: string }>;
  /** Directories named: import roots for the `.proto` files. */
  readonly importRoots: readonly string[];
  /** Descriptor set files, named directly. */
  readonly descriptorSets: ReadonlyArray<{ absolutePath: string; displayPath: string }>;
}

function isDescriptorSet(path: string): boolean {
  return DESCRIPTOR_SET_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/**
 * Expands `paths` (relative to `cwd`): a directory contributes every `.proto`
 * file under it (dot-directories and node_modules skipped) and becomes an
 * import root; a file is a descriptor set by its ending
 * ({@link DESCRIPTOR_SET_EXTENSIONS}) and `.proto` text otherwise.
 */
export function expandSchemaPaths(paths: readonly string[], cwd: string): SchemaPaths {
  const protoFiles: Array<{ absolutePath: string; displayPath: string }> = [];
  const descriptorSets: Array<{ absolutePath: string; displayPath: string }> = [];
  const importRoots: string[] = [];
  const shown = (abs: string): string => relative(cwd, abs) || abs;
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      throw new UnreadableInputError(shown(dir), (err as NodeJS.ErrnoException).code ?? reasonOf(err));
    }
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const abs = join(dir, name);
      const stat = statSync(abs, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(abs);
      else if (stat?.isFile() && name.endsWith(".proto")) protoFiles.push({ absolutePath: abs, displayPath: shown(abs) });
    }
  };
  for (const path of paths) {
    const abs = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      throw new UnreadableInputError(path, (err as NodeJS.ErrnoException).code ?? reasonOf(err));
    }
    if (stat.isDirectory()) {
      importRoots.push(abs);
      walk(abs);
    } else if (isDescriptorSet(abs)) {
      descriptorSets.push({ absolutePath: abs, displayPath: shown(abs) });
    } else {
      protoFiles.push({ absolutePath: abs, displayPath: shown(abs) });
    }
  }
  return { protoFiles, importRoots, descriptorSets };
}
